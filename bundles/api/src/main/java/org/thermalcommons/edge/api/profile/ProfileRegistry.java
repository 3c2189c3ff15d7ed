package org.thermalcommons.edge.api.profile;

import java.util.Collection;
import java.util.Optional;

/** The validated device profiles available to drivers (service provided by the {@code profiles} bundle). */
public interface ProfileRegistry {
    Optional<DeviceProfile> find(String profileId);

    Collection<DeviceProfile> all();
}
