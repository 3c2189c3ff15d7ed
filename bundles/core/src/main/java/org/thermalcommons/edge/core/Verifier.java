package org.thermalcommons.edge.core;

import java.time.Instant;
import java.util.Optional;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;

/**
 * Read-back: what the snapshot's good readings say about a commanded value. Only a reading taken at or after the
 * device acknowledged the write counts (an older one may predate the write); the reading is the commanded point's own
 * value as its source reports it.
 */
final class Verifier {
    private static final double EPSILON = 1e-9;

    /** The verdict on one command in one snapshot. */
    enum Verdict {
        /** No good reading since the acknowledgement. */
        NO_READING,
        /** A fresh reading matches within the tolerance. */
        MATCH,
        /** A fresh reading disagrees. */
        MISMATCH
    }

    private Verifier() {
    }

    static Verdict check(PointSnapshot snapshot, PointId point, double commanded, double tolerance, Instant ackAt) {
        Optional<PointValue> v = snapshot.goodValue(point);
        if (v.isEmpty() || ackAt == null || v.get().timestamp().isBefore(ackAt)) {
            return Verdict.NO_READING;
        }
        return matches(v.get().value(), commanded, tolerance) ? Verdict.MATCH : Verdict.MISMATCH;
    }

    static boolean matches(double reading, double commanded, double tolerance) {
        return Math.abs(reading - commanded) <= tolerance + EPSILON;
    }

    /** The reading the verdict was based on, for messages. */
    static double reading(PointSnapshot snapshot, PointId point) {
        return snapshot.goodValue(point).map(PointValue::value).orElse(Double.NaN);
    }
}
