package org.thermalcommons.edge.console;

import java.time.Duration;
import java.util.Set;

/**
 * Validated console settings (from the component's configuration).
 *
 * @param idleTimeout       a session ends after this long without a request
 * @param absoluteTimeout   and at the latest this long after sign-in
 * @param maxFailures       failed logins in a row that lock an account
 * @param lockout           how long the account stays locked
 * @param loginsPerMinute   login attempts allowed per client address per minute
 * @param bodyLimitBytes    largest accepted request body
 * @param maxStreams        concurrent live streams
 * @param maxOverride       longest manual override
 * @param hashIterations    PBKDF2 iterations
 * @param requiredHealth    components /health requires
 * @param uploadLimitBytes  largest bundle jar an admin may upload (Bundles page)
 */
public record ConsoleSettings(Duration idleTimeout, Duration absoluteTimeout, int maxFailures, Duration lockout,
                              int loginsPerMinute, int bodyLimitBytes, int maxStreams, Duration maxOverride,
                              int hashIterations, Set<String> requiredHealth, long uploadLimitBytes) {
    /** Default upload limit: the deployment manager's default {@code maxBundleBytes}. */
    public static final long UPLOAD_LIMIT_BYTES = 32L * 1024 * 1024;

    /** Settings with the default upload limit. */
    public ConsoleSettings(Duration idleTimeout, Duration absoluteTimeout, int maxFailures, Duration lockout,
                           int loginsPerMinute, int bodyLimitBytes, int maxStreams, Duration maxOverride,
                           int hashIterations, Set<String> requiredHealth) {
        this(idleTimeout, absoluteTimeout, maxFailures, lockout, loginsPerMinute, bodyLimitBytes, maxStreams, maxOverride,
                hashIterations, requiredHealth, UPLOAD_LIMIT_BYTES);
    }

    public ConsoleSettings {
        if (idleTimeout.compareTo(absoluteTimeout) > 0) {
            throw new IllegalArgumentException("idleMinutes (" + idleTimeout.toMinutes()
                    + ") must not exceed absoluteHours (" + absoluteTimeout.toHours() + " h)");
        }
        requiredHealth = Set.copyOf(requiredHealth);
        if (uploadLimitBytes < 1024) {
            throw new IllegalArgumentException("uploadLimitBytes (" + uploadLimitBytes + ") must be at least 1024");
        }
    }

    /** Production defaults (the component's metatype defaults). */
    public static ConsoleSettings defaults() {
        return new ConsoleSettings(Duration.ofMinutes(30), Duration.ofHours(12), 5, Duration.ofMinutes(15), 20, 16 * 1024,
                64, Duration.ofHours(24), org.thermalcommons.edge.console.auth.PasswordHasher.OWASP_ITERATIONS,
                Set.of("cycle", "store"));
    }
}
