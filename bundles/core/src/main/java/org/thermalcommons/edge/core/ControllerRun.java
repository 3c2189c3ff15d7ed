package org.thermalcommons.edge.core;

import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointId;

/**
 * Outcome of one controller's run in one cycle.
 *
 * @param timedOut the run did not return within twice its budget and was abandoned (interrupted)
 * @param deferred the cycle had no time left for it: not run, not a failure, its latched requests stay in force
 */
record ControllerRun(ControllerEntry entry, List<WriteRequest> requests, List<PointId> releases, long nanos,
                     Optional<Throwable> error, boolean timedOut, boolean deferred) {
    ControllerRun(ControllerEntry entry, List<WriteRequest> requests, List<PointId> releases, long nanos,
                  Optional<Throwable> error, boolean timedOut) {
        this(entry, requests, releases, nanos, error, timedOut, false);
    }

    static ControllerRun abandoned(ControllerEntry e, long nanos) {
        return new ControllerRun(e, List.of(), List.of(), nanos, Optional.empty(), true);
    }

    static ControllerRun skipped(ControllerEntry e, String why) {
        return new ControllerRun(e, List.of(), List.of(), 0, Optional.of(new IllegalStateException(why)), false);
    }

    static ControllerRun deferred(ControllerEntry e) {
        return new ControllerRun(e, List.of(), List.of(), 0, Optional.empty(), false, true);
    }
}
