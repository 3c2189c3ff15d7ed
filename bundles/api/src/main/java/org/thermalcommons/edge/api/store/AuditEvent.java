package org.thermalcommons.edge.api.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something worth keeping a record of: a controller isolated, a configuration rejected, a bundle swapped, a console
 * user's change.
 *
 * @param at       when
 * @param category short kind, e.g. {@code controller}, {@code config}, {@code bundle}, {@code driver}
 * @param subject  what it concerns, e.g. a controller id or file name
 * @param message  human-readable text
 * @param actor    the person who did it (a console username), when a person did; empty for what the gateway did
 *                 by itself
 * @since 1.2
 */
public record AuditEvent(Instant at, String category, String subject, String message, Optional<String> actor) {
    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(actor, "actor");
    }

    /**
     * An event a console user caused, from the {@code by} the console signs its requests with ({@code "name (role)"}):
     * the message is {@code by + ": " + what} and the actor is the name. A {@code by} of another form has no actor.
     */
    public static AuditEvent by(Instant at, String category, String subject, String by, String what) {
        int paren = by.indexOf(" (");
        Optional<String> actor = paren > 0 && by.endsWith(")") && by.indexOf(' ') == paren ? Optional.of(by.substring(0, paren))
                : Optional.empty();
        return new AuditEvent(at, category, subject, by + ": " + what, actor);
    }

    /** An event the gateway caused by itself (no actor). */
    public AuditEvent(Instant at, String category, String subject, String message) {
        this(at, category, subject, message, Optional.empty());
    }
}
