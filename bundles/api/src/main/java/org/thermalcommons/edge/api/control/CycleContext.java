package org.thermalcommons.edge.api.control;

import java.time.Duration;
import java.time.Instant;
import org.thermalcommons.edge.api.point.PointId;

/** What a controller sees and may do during one cycle. Valid only during {@link Controller#run(CycleContext)}. */
public interface CycleContext {
    /** Sequence number of this cycle, from 1. */
    long cycle();

    /** Time of the cycle on the gateway clock. */
    Instant now();

    /** The cycle period. */
    Duration period();

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
