package org.thermalcommons.edge.api.driver;

import java.util.Objects;

/**
 * One object of a discovered device, as read from its object list.
 *
 * @param type     BACnet object type, e.g. {@code analog-input}
 * @param instance object instance
 * @param name     its object-name ({@code ""} when it has none)
 * @param units    its engineering units, e.g. {@code degrees-celsius} ({@code ""} for objects without units)
 */
public record DiscoveredObject(String type, int instance, String name, String units) {
    public DiscoveredObject {
        Objects.requireNonNull(type, "type");
        name = name == null ? "" : name;
        units = units == null ? "" : units;
    }
}
