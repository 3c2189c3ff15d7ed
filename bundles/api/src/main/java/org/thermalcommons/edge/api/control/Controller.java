package org.thermalcommons.edge.api.control;

import java.time.Duration;

/**
 * Local control logic, run once per cycle by the core. Register as a service (dynamic, hot-swappable).
 * Controllers run in priority order (highest first, then by id) on the core's controller thread. One that throws or
 * overruns its {@link #timeBudget()} is skipped for that cycle and counted; after repeated failures it is isolated until
 * its bundle or configuration changes. One that does not return within its budget is interrupted; if it keeps running
 * its bundle is stopped. See {@code docs/controllers.md}.
 */
public interface Controller {
    /** Unique id, also the origin of its write requests. */
    String id();

    /** Priority of this controller's writes, and its place in the run order. */
    WritePriority priority();

    /**
     * Longest wall time one run may take. The core caps it by its configuration (by default a fraction of the cycle
     * period), so declaring a long budget buys nothing.
     */
    default Duration timeBudget() {
        return Duration.ofMillis(50);
    }

    /** One step of control against the cycle's snapshot. Must not block on I/O; should honour interruption. */
    void run(CycleContext context) throws Exception;
}
