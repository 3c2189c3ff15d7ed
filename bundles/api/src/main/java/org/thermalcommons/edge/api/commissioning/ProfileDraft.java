package org.thermalcommons.edge.api.commissioning;

import java.util.Map;
import java.util.Objects;

/**
 * A drafted profile as JSON with the shipped validator's verdict.
 *
 * @param id     profile id (the file is {@code id.json})
 * @param json   the profile text
 * @param errors violations by field or JSON location; empty when valid
 * @param saved  whether it was written to the library
 */
public record ProfileDraft(String id, String json, Map<String, String> errors, boolean saved) {
    public ProfileDraft {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
        errors = Map.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
