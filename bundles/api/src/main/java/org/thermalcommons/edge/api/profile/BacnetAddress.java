package org.thermalcommons.edge.api.profile;

import java.util.Objects;

/**
 * A BACnet object property.
 *
 * @param objectType BACnet object type in kebab case, e.g. {@code analog-input}, {@code analog-value},
 *                   {@code binary-value}, {@code multi-state-value}
 * @param instance   object instance number (0..4194302)
 * @param property   property identifier in kebab case, usually {@code present-value}
 */
public record BacnetAddress(String objectType, int instance, String property) implements PointAddress {
    public BacnetAddress {
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(property, "property");
        if (instance < 0 || instance > 4_194_302) {
            throw new IllegalArgumentException("BACnet object instance must be 0..4194302, was " + instance);
        }
    }
}
