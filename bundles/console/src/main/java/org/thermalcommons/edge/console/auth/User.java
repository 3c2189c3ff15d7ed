package org.thermalcommons.edge.console.auth;

import java.time.Instant;
import java.util.Objects;

/** A console account. The password hash never leaves the auth package's callers. */
public record User(String username, ConsoleRole role, String passwordHash, Instant created, String createdBy) {
    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
