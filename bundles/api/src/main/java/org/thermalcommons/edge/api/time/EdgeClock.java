package org.thermalcommons.edge.api.time;

import java.time.Instant;

/**
 * The gateway's clock, as a service. In production it is the system clock; the simulated building supplies an
 * accelerated one (e.g. 60x) so that the whole gateway runs on simulated time. Always UTC.
 */
public interface EdgeClock {
    Instant now();

    /** How many clock seconds pass per wall-clock second (1 for real time). */
    default double speed() {
        return 1.0;
    }
}
