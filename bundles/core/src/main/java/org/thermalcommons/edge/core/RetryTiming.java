package org.thermalcommons.edge.core;

import java.time.Duration;

/**
 * Back-off between re-sends of one command (wall time): {@code min} after the first failed attempt, doubling up to
 * {@code max}. A failed command is tried again as a new round after {@code max}.
 */
record RetryTiming(Duration min, Duration max) {
    static final RetryTiming DEFAULT = new RetryTiming(Duration.ofSeconds(1), Duration.ofSeconds(60));

    RetryTiming {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("retry back-off: 0 <= min <= max");
        }
    }

    /** Delay before the re-send that follows {@code attempts} failed attempts. */
    long delayNanos(int attempts) {
        long d = min.toNanos() << Math.min(20, Math.max(0, attempts - 1));
        return Math.min(d < 0 ? Long.MAX_VALUE : d, max.toNanos());
    }
}
