package org.thermalcommons.edge.api.store;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;

/**
 * Stored point history: the samples themselves (after the store's per-point deadband and minimum interval) and
 * rollups of every good value the store received (1 min, 15 min, 1 h, 1 d), each kept for its own retention.
 */
@ProviderType
public interface TimeSeriesStore {
    /** Queues samples for storage; returns at once. */
    void append(List<PointValue> samples);

    /** Stored samples of a point in {@code [from, to)}, oldest first, at most {@code limit}, with unit and quality. */
    List<PointValue> history(PointId point, Instant from, Instant to, int limit);

    /**
     * The point's buckets at one resolution in {@code [from, to)} (bucket start in range), every bucket of the range
     * with at least one good value. For a {@link SignalKind#COUNTER} each bucket carries its interval energy.
     *
     * @throws IllegalArgumentException when {@code from} is not before {@code to}
     */
    Series buckets(PointId point, Instant from, Instant to, Resolution resolution);

    /**
     * The point's history for a chart: the store picks the finest level whose retention covers {@code from} and
     * whose bucket count over the span is reasonable for {@code maxPoints}, then downsamples with LTTB
     * (Largest-Triangle-Three-Buckets) to at most {@code maxPoints} buckets, keeping the first and last.
     * Counters are never downsampled below their level (interval energies would be lost): a coarser level is chosen.
     *
     * @param maxPoints the point budget, at least 3
     * @throws IllegalArgumentException when {@code from} is not before {@code to} or {@code maxPoints < 3}
     */
    Series chart(PointId point, Instant from, Instant to, int maxPoints);

    /** Number of samples stored so far (written to the database, not merely queued). */
    long storedSamples();
}
