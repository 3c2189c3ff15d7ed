package org.thermalcommons.edge.api.control;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one cycle did: the snapshot it ran on, the arbitrated writes it handed to sinks, and how long it took.
 *
 * @param cycle    sequence number
 * @param snapshot the values controllers saw
 * @param writes   the writes that changed a point this cycle (after arbitration and clamping)
 * @param duration wall time the cycle took
 * @param lateness how late the cycle started against its schedule
 */
public record CycleReport(long cycle, PointSnapshot snapshot, List<WriteRequest> writes, Duration duration,
                          Duration lateness) {
    public CycleReport {
        Objects.requireNonNull(snapshot, "snapshot");
        writes = List.copyOf(writes);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(lateness, "lateness");
    }
}
