package org.thermalcommons.edge.api.point;

import java.time.Instant;
import java.util.Objects;

/**
 * A value of a point at an instant, with its unit and quality.
 *
 * @param id        the point
 * @param value     the value in {@code unit}
 * @param unit      engineering unit of {@code value}
 * @param quality   good, stale or fault
 * @param timestamp when the value was measured (UTC)
 */
public record PointValue(PointId id, double value, Unit unit, Quality quality, Instant timestamp) {
    public PointValue {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(timestamp, "timestamp");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("point " + id + ": value must be finite, was " + value);
        }
    }

    public static PointValue good(PointId id, double value, Unit unit, Instant timestamp) {
        return new PointValue(id, value, unit, Quality.GOOD, timestamp);
    }

    public boolean isGood() {
        return quality == Quality.GOOD;
    }

    public PointValue withQuality(Quality q) {
        return q == quality ? this : new PointValue(id, value, unit, q, timestamp);
    }
}
