package org.thermalcommons.edge.console.auth;

import java.util.Locale;
import java.util.Optional;

/** What a console user may do. Each role includes the rights of the roles below it. */
public enum ConsoleRole {
    /** Sees everything, changes nothing. */
    VIEWER,
    /** Also sets and clears manual overrides. */
    INSTALLER,
    /** Also manages users. */
    ADMIN;

    /** True when this role has at least the rights of {@code other}. */
    public boolean includes(ConsoleRole other) {
        return ordinal() >= other.ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConsoleRole> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (ConsoleRole r : values()) {
            if (r.id().equals(text)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
