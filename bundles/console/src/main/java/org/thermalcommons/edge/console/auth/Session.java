package org.thermalcommons.edge.console.auth;

import java.time.Instant;

/**
 * A signed-in browser. {@code csrfToken} must come back in the {@code X-CSRF-Token} header of every mutating request.
 *
 * @param id        the cookie value (random, 256 bits)
 * @param username  who
 * @param role      their role (from sign-in; an admin's change of it is applied to the live sessions)
 * @param csrfToken per-session anti-forgery token (random, 256 bits)
 * @param created   sign-in time (absolute expiry counts from here)
 * @param lastSeen  last request (idle expiry counts from here)
 */
public record Session(String id, String username, ConsoleRole role, String csrfToken, Instant created, Instant lastSeen) {
    Session touched(Instant now) {
        return new Session(id, username, role, csrfToken, created, now);
    }

    Session withRole(ConsoleRole r) {
        return new Session(id, username, r, csrfToken, created, lastSeen);
    }
}
