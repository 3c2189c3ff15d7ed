package org.thermalcommons.edge.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Something worth keeping a record of: a controller isolated, a configuration rejected, a bundle swapped.
 *
 * @param at       when
 * @param category short kind, e.g. {@code controller}, {@code config}, {@code bundle}, {@code driver}
 * @param subject  what it concerns, e.g. a controller id or file name
 * @param message  human-readable text
 */
public record AuditEvent(Instant at, String category, String subject, String message) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }
}
