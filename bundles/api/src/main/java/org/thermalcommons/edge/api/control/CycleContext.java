package org.thermalcommons.edge.api.control;

import java.time.Duration;
import java.time.Instant;
import org.thermalcommons.edge.api.point.PointId;

/**
 * What a controller sees and may do during one cycle. Valid only during {@link Controller#run(CycleContext)}.
 *
 * <p><b>Two kinds of time.</b> The gateway clock ({@link #now()}, {@link #elapsed()}, value timestamps) is the time of
 * the building: it runs faster than the wall when the simulated building runs at a speed above 1, and it may jump
 * (NTP, a simulation restart). Wall time ({@link #period()}, {@link Controller#timeBudget()}, write policies' minimum
 * intervals and heartbeats) is how long things take on this machine. Control laws that integrate over time (ramps,
 * energy) use {@link #elapsed()}; nothing a controller does should depend on the wall period.
 */
public interface CycleContext {
    /** Sequence number of this cycle, from 1. */
    long cycle();

    /** Time of the cycle on the gateway clock. */
    Instant now();

    /** The cycle period in wall time (the schedule of the cycle thread). */
    Duration period();

    /**
     * Gateway-clock time since this controller's previous successful run ({@link Duration#ZERO} on its first run; never
     * negative, also when the clock jumps back). The core's implementation tracks it per controller; the default, for
     * test doubles, is {@link #period()}.
     */
    default Duration elapsed() {
        return period();
    }

    /** Latest values as of the start of the cycle. */
    PointSnapshot snapshot();

    /**
     * Requests that {@code point} be set to {@code value} at the controller's priority. The request stays in force
     * (latched) until the controller requests another value, releases the point, or is removed or isolated.
     */
    void request(PointId point, double value);

    /** Withdraws this controller's request on the point. */
    void release(PointId point);
}
