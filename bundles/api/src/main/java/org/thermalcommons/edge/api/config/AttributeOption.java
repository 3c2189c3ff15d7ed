package org.thermalcommons.edge.api.config;

import java.util.Objects;

/** One allowed value of an attribute with options, and its label. */
public record AttributeOption(String value, String label) {
    public AttributeOption {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(label, "label");
    }
}
