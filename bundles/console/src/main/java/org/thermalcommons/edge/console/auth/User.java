package org.thermalcommons.edge.console.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A console account. The password hash never leaves the auth package's callers.
 *
 * @param enabled false while an admin has disabled the account: it cannot sign in
 */
public record User(String username, ConsoleRole role, String passwordHash, Instant created, String createdBy, boolean enabled) {
    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** A new, enabled account. */
    public User(String username, ConsoleRole role, String passwordHash, Instant created, String createdBy) {
        this(username, role, passwordHash, created, createdBy, true);
    }
}
