package org.thermalcommons.edge.api.oem;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A generic action for a device family, independent of the vendor: for a heat pump {@code boost}, {@code normal},
 * {@code eco}, {@code off} (see {@link HeatPumpActions}), each with optional setpoints.
 *
 * @param verb       the action, lower-case letters, digits and {@code -}, at most 32 characters
 * @param parameters named setpoints with their unit in the name (e.g. {@code dhwSetpointCelsius}), at most 16, finite
 */
public record OemAction(String verb, Map<String, Double> parameters) {
    private static final Pattern VERB = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,63}");

    public OemAction {
        Objects.requireNonNull(verb, "verb");
        if (!VERB.matcher(verb).matches()) {
            throw new IllegalArgumentException("action verb '" + verb + "' must match " + VERB.pattern());
        }
        parameters = Map.copyOf(parameters);
        if (parameters.size() > 16) {
            throw new IllegalArgumentException("action " + verb + ": at most 16 parameters, got " + parameters.size());
        }
        parameters.forEach((k, v) -> {
            if (!NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("action " + verb + ": parameter name '" + k + "' must match "
                        + NAME.pattern());
            }
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("action " + verb + ": parameter " + k + " must be finite");
            }
        });
    }

    /** An action without parameters. */
    public static OemAction of(String verb) {
        return new OemAction(verb, Map.of());
    }
}
