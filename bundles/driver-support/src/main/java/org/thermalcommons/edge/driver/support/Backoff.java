package org.thermalcommons.edge.driver.support;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A device's failure bookkeeping: exponential back-off between attempts (on a monotonic clock: the gateway clock may
 * jump), and when its points turn fault. Used by one device thread.
 */
public final class Backoff {
    /**
     * What one failure means.
     *
     * @param count     consecutive failures including this one
     * @param first     the first failure of an outage (log it)
     * @param faultNow  the failure after which the device's points turn fault
     * @param delay     until the next attempt
     */
    public record Failure(int count, boolean first, boolean faultNow, Duration delay) {
    }

    private final Duration min;
    private final Duration max;
    private final int faultAfter;
    private final LongSupplier monotonicMillis;
    private int failures;
    private long nextAttemptMillis = Long.MIN_VALUE;

    public Backoff(Duration min, Duration max, int faultAfter, LongSupplier monotonicMillis) {
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("back-off minimum must not exceed its maximum");
        }
        this.min = min;
        this.max = max;
        this.faultAfter = faultAfter;
        this.monotonicMillis = monotonicMillis;
    }

    /** Whether an attempt may be made now. */
    public boolean due() {
        return monotonicMillis.getAsLong() >= nextAttemptMillis;
    }

    /** Records a success; returns how many failures it ends (0 when there was no outage). */
    public int succeeded() {
        int ended = failures;
        failures = 0;
        nextAttemptMillis = Long.MIN_VALUE;
        return ended;
    }

    public Failure failed() {
        failures++;
        Duration wait = min.multipliedBy(1L << Math.min(20, failures - 1));
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        nextAttemptMillis = monotonicMillis.getAsLong() + wait.toMillis();
        return new Failure(failures, failures == 1, failures == faultAfter, wait);
    }

    public int failures() {
        return failures;
    }

    public long nextAttemptMillis() {
        return nextAttemptMillis;
    }
}
