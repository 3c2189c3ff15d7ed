package org.thermalcommons.edge.api.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute of a configurable component, from its metatype.
 *
 * @param id          the key in the configuration file
 * @param name        a short human name
 * @param description what it does, may be empty
 * @param type        its value type
 * @param cardinality 0 for one value; otherwise at most this many values (absolute value), written comma-separated
 * @param min         the least value (numbers) or length (text), when declared
 * @param max         the greatest value (numbers) or length (text), when declared
 * @param options     the only values allowed, when declared
 * @param defaults    the default value(s), as text; empty when there is none
 * @param required    true when the file must set it (required by the metatype and without a default)
 * @param secret      true for passwords and private ({@code .}-prefixed) keys: their values are never returned
 */
public record AttributeInfo(String id, String name, String description, AttributeType type, int cardinality,
                            Optional<String> min, Optional<String> max, List<AttributeOption> options,
                            List<String> defaults, boolean required, boolean secret) {
    public AttributeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        options = List.copyOf(options);
        defaults = List.copyOf(defaults);
    }
}
