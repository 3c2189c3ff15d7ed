package org.thermalcommons.edge.profiles;

import java.nio.file.Path;
import org.thermalcommons.edge.api.profile.ProfileRegistry;

/** The production profile loader over the shipped profiles (benchmarks; same package to reach its start method). */
public final class ShippedProfiles {
    private ShippedProfiles() {
    }

    public static ProfileRegistry load(Path directory) {
        ProfileLoader loader = new ProfileLoader();
        loader.start(directory, 0);
        return loader;
    }
}
