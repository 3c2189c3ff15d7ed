package org.thermalcommons.edge.api.store;

import java.time.Instant;
import java.util.List;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;

/** Stored point history. */
public interface TimeSeriesStore {
    /** Queues samples for storage; returns at once. */
    void append(List<PointValue> samples);

    /** Samples of a point in {@code [from, to)}, oldest first, at most {@code limit}. */
    List<PointValue> history(PointId point, Instant from, Instant to, int limit);

    /** Number of samples stored so far (written to the database, not merely queued). */
    long storedSamples();
}
