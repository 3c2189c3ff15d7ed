package org.thermalcommons.edge.api.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a save, create, delete or rollback.
 *
 * @param accepted      true when the file was written (or deleted); false when a rule refused it (nothing changed)
 * @param id            the configuration concerned
 * @param problems      for a refusal: every broken rule, by key
 * @param message       a sentence saying what happened
 * @param configuration the configuration after the change (empty after a delete or a refusal of an unknown one)
 */
public record ConfigChange(boolean accepted, String id, List<ConfigProblem> problems, String message,
                           Optional<ConfigurationInfo> configuration) {
    public ConfigChange {
        Objects.requireNonNull(id, "id");
        problems = List.copyOf(problems);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(configuration, "configuration");
    }
}
