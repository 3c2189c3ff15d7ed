package org.thermalcommons.edge.api.control;

import java.util.Objects;
import org.thermalcommons.edge.api.point.PointId;

/**
 * A request to set a point.
 *
 * @param point    target point
 * @param value    value in the point's unit
 * @param priority arbitration priority
 * @param origin   who asked (controller id, {@code console:user}, {@code safe-state}); ties at equal priority are
 *                 broken by origin in lexical order, so arbitration is deterministic
 */
public record WriteRequest(PointId point, double value, WritePriority priority, String origin) {
    public WriteRequest {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(origin, "origin");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("write to " + point + " by " + origin + ": value must be finite");
        }
    }

    public WriteRequest withValue(double v) {
        return new WriteRequest(point, v, priority, origin);
    }
}
