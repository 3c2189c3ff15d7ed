package org.thermalcommons.edge.api.control;

import java.util.Optional;

/** The running control cycle, as a service: its statistics and the latest report. */
public interface ControlCycle {
    CycleStatistics statistics();

    /** The most recent completed cycle, if any. */
    Optional<CycleReport> lastReport();
}
