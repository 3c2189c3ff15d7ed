package org.thermalcommons.edge.oem;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Wall time and work for the lifecycle: when now is, running a step later, and calling an adapter with a deadline.
 * Production runs on a bounded thread pool ({@link PoolTimer}); unit tests step a virtual clock by hand, so every
 * back-off, cool-down and verification delay is deterministic.
 */
interface Timer {
    /** Wall-clock milliseconds (epoch), monotonic enough for delays. */
    long nowMillis();

    /** Runs {@code task} once after {@code delay} (at once for zero or negative). */
    void schedule(Runnable task, Duration delay);

    /**
     * Runs one adapter call; when it does not return within {@code timeout} it is interrupted and a
     * {@link java.util.concurrent.TimeoutException} thrown.
     */
    <T> T call(Callable<T> call, Duration timeout) throws Exception;
}
