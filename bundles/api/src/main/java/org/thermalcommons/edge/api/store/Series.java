package org.thermalcommons.edge.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Unit;

/**
 * A point's history over {@code [from, to)} at one resolution, oldest bucket first.
 *
 * @param point          the point
 * @param kind           how its values aggregate (from its role and unit)
 * @param unit           the unit of every value (the latest stored unit of the point)
 * @param resolution     the level the buckets come from
 * @param from           start of the requested range
 * @param to             end of the requested range (exclusive)
 * @param buckets        the buckets, oldest first; after downsampling a subset of the level's buckets
 * @param sourceBuckets  how many buckets the level held in the range before downsampling
 * @param rejectedJumps  counter intervals left empty because the jump was implausible
 */
public record Series(PointId point, SignalKind kind, Unit unit, Resolution resolution, Instant from, Instant to,
                     List<Bucket> buckets, long sourceBuckets, int rejectedJumps) {
    public Series {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        buckets = List.copyOf(buckets);
    }
}
