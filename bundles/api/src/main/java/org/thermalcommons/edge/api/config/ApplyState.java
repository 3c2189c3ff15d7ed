package org.thermalcommons.edge.api.config;

import java.util.Objects;

/**
 * How far a configuration file got.
 *
 * @param stage  the last stage reached
 * @param detail a sentence: the loader's rejection (file, line, key, rule), or what the component runs with
 */
public record ApplyState(Stage stage, String detail) {
    /** Stages in order; {@link #REJECTED} and {@link #WAITING} end the way early. */
    public enum Stage {
        /** The file is written; the loader has not read it yet. */
        WRITTEN,
        /** The loader refused the file; the previous valid configuration stays in force. */
        REJECTED,
        /** No installed component declares this PID yet; the file is applied when one does. */
        WAITING,
        /** The loader accepted the file and handed it to Config Admin. */
        LOADED,
        /** The component's active configuration carries the file's values (checked with the component runtime). */
        APPLIED
    }

    public ApplyState {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(detail, "detail");
    }
}
