package org.thermalcommons.edge.api.config;

import java.util.List;
import java.util.Objects;

/**
 * A component that can be configured: a singleton ({@code <pid>.cfg}) or a factory whose instances are configured by
 * {@code <factoryPid>-<name>.cfg}.
 *
 * @param pid         the PID or factory PID
 * @param factory     true for a factory (instances are created and deleted)
 * @param name        the metatype's name
 * @param description the metatype's description, may be empty
 * @param attributes  its attributes, in metatype order
 */
public record ConfigurableType(String pid, boolean factory, String name, String description,
                               List<AttributeInfo> attributes) {
    public ConfigurableType {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        attributes = List.copyOf(attributes);
    }
}
