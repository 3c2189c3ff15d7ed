package org.thermalcommons.edge.console.auth;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one-time setup token: exists only while there is no user, printed once to the log as a link, and dies when
 * the first admin is created through it. Kept in memory only: a restart before setup prints a new one.
 */
public final class SetupLink {
    private final AtomicReference<String> token = new AtomicReference<>();

    /** Creates the token if there are no users; returns it when created. */
    public Optional<String> issueIfNoUsers(UserStore users) {
        if (users.count() > 0) {
            token.set(null);
            return Optional.empty();
        }
        String t = Tokens.random();
        token.set(t);
        return Optional.of(t);
    }

    public boolean pending() {
        return token.get() != null;
    }

    /** Consumes the token if {@code candidate} matches; true exactly once. */
    public boolean consume(String candidate) {
        String t = token.get();
        return t != null && Tokens.same(t, candidate) && token.compareAndSet(t, null);
    }

    /** Restores the token after a setup that failed after consuming it (the first user could not be stored). */
    public void restore(String t) {
        token.compareAndSet(null, t);
    }
}
