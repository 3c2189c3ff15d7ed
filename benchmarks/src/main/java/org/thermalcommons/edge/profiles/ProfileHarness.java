package org.thermalcommons.edge.profiles;

import java.nio.file.Path;
import java.util.Map;

/**
 * Drives the production profile loader ({@link ProfileLoader}: limits, bounded JSON, JSON Schema, semantic checks)
 * outside OSGi for the fuzz benchmark. Lives in the loader's package to reach it, as a test would.
 */
public final class ProfileHarness {
    private final ProfileLoader loader = new ProfileLoader();

    public ProfileHarness(Path dir) {
        loader.start(dir, 0);
    }

    /** One re-scan, as the loader's thread does it. */
    public void scan() {
        loader.scanSafely();
    }

    public long rejected() {
        return loader.rejectedProfiles();
    }

    public long internalErrors() {
        return loader.rejections().of("internal") + loader.rejections().of("io");
    }

    public Map<String, Long> rejectedByRule() {
        return loader.rejections().byRule();
    }

    public int loaded() {
        return loader.all().size();
    }

    public boolean has(String id) {
        return loader.find(id).isPresent();
    }
}
