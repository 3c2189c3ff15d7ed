package org.thermalcommons.edge.oem;

import java.time.Duration;

/**
 * Validated lifecycle settings.
 *
 * @param maxAttempts       sends of one command before it FAILS (verification failures re-send and count too)
 * @param maxAge            a command not finished this long (wall time) after it was logged FAILS as expired
 * @param retryMin          first back-off after a failed call
 * @param retryMax          longest back-off
 * @param jitter            back-off is scaled by a random factor in [1 - jitter, 1 + jitter]
 * @param breakerFailures   failed calls in a row that open a device's breaker
 * @param breakerCoolDown   how long an open breaker waits before its probe
 * @param maxCommands       rows kept in the log (the oldest finished ones are deleted first)
 * @param maxOpen           unfinished commands accepted at once, all devices together
 */
record Settings(int maxAttempts, Duration maxAge, Duration retryMin, Duration retryMax, double jitter,
                int breakerFailures, Duration breakerCoolDown, long maxCommands, int maxOpen) {
    static final Settings DEFAULTS = new Settings(8, Duration.ofMinutes(15), Duration.ofSeconds(1),
            Duration.ofMinutes(1), 0.2, 5, Duration.ofSeconds(30), 10_000, 1_000);

    Settings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (!positive(maxAge) || !positive(retryMin) || !positive(breakerCoolDown)) {
            throw new IllegalArgumentException("maxAgeSeconds, retryMinMs and breakerCoolDownSeconds must be > 0");
        }
        if (retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retryMaxMs (" + retryMax.toMillis() + ") must not be below retryMinMs ("
                    + retryMin.toMillis() + ")");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitterPercent must be in 0..99, was " + jitter * 100);
        }
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("breakerFailures must be at least 1, was " + breakerFailures);
        }
        if (maxCommands < 100 || maxOpen < 1 || maxOpen > maxCommands) {
            throw new IllegalArgumentException("maxCommands must be >= 100 and maxOpen in 1..maxCommands");
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /** Back-off before the next call after {@code attempts} failed sends: doubling from retryMin, capped, jittered. */
    long backoffMillis(int attempts, double random01) {
        double base = retryMin.toMillis() * Math.pow(2, Math.max(0, Math.min(30, attempts - 1)));
        double capped = Math.min(retryMax.toMillis(), base);
        return Math.round(capped * (1 - jitter + 2 * jitter * random01));
    }
}
