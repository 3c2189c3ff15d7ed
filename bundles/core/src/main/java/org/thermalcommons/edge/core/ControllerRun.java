package org.thermalcommons.edge.core;

import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointId;

/** Outcome of one controller's run in one cycle. */
record ControllerRun(ControllerEntry entry, List<WriteRequest> requests, List<PointId> releases, long nanos,
                     Optional<Throwable> error) {
}
