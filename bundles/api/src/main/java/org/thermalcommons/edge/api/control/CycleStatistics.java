package org.thermalcommons.edge.api.control;

import java.util.Map;

/**
 * Counters and timings of the control cycle since start (times in microseconds).
 *
 * @param cycles              cycles run
 * @param durationP50Micros   median cycle duration over the recent window
 * @param durationP99Micros   99th percentile cycle duration over the recent window
 * @param latenessP99Micros   99th percentile start lateness over the recent window
 * @param overruns            cycles that took longer than the period
 * @param controllers         per-controller figures by controller id
 * @param missedCycles        scheduled cycles that never ran (the cycle thread fell a period or more behind)
 */
public record CycleStatistics(long cycles, long durationP50Micros, long durationP99Micros, long latenessP99Micros,
                              long overruns, Map<String, ControllerStatistics> controllers, long missedCycles) {
    public CycleStatistics {
        controllers = Map.copyOf(controllers);
    }

    /** Statistics without a count of missed cycles (0). */
    public CycleStatistics(long cycles, long durationP50Micros, long durationP99Micros, long latenessP99Micros,
                           long overruns, Map<String, ControllerStatistics> controllers) {
        this(cycles, durationP50Micros, durationP99Micros, latenessP99Micros, overruns, controllers, 0);
    }

    /**
     * @param runs            successful runs
     * @param failures        runs that threw
     * @param budgetOverruns  runs that exceeded the time budget
     * @param lastRunMicros   time of the last run
     * @param isolated        whether the controller is isolated now
     */
    public record ControllerStatistics(long runs, long failures, long budgetOverruns, long lastRunMicros,
                                       boolean isolated) {
    }
}
