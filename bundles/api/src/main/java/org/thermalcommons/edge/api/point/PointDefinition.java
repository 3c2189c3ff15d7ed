package org.thermalcommons.edge.api.point;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a source says about one of its points.
 *
 * @param id         the point
 * @param role       semantic role
 * @param unit       engineering unit
 * @param limits     write limits (and plausible range)
 * @param writable   whether controllers may write it
 * @param staleAfter a value older than this is {@link Quality#STALE}
 * @param safeValue  value written on shutdown or safe state, if any
 * @param writePolicy how the core commands it (tolerance, deadband, minimum interval, heartbeat, attempts)
 */
public record PointDefinition(PointId id, Role role, Unit unit, Limits limits, boolean writable,
                              Duration staleAfter, OptionalDouble safeValue, WritePolicy writePolicy) {
    public PointDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("point " + id + ": staleAfter must be positive");
        }
        if (safeValue == null) {
            safeValue = OptionalDouble.empty();
        }
        if (writePolicy == null) {
            writePolicy = WritePolicy.DEFAULT;
        }
        if (safeValue.isPresent() && !limits.contains(safeValue.getAsDouble())) {
            throw new IllegalArgumentException("point " + id + ": safe value " + safeValue.getAsDouble() + " is outside its limits");
        }
    }

    /** A point with the {@link WritePolicy#DEFAULT default write policy}. */
    public PointDefinition(PointId id, Role role, Unit unit, Limits limits, boolean writable, Duration staleAfter,
                           OptionalDouble safeValue) {
        this(id, role, unit, limits, writable, staleAfter, safeValue, WritePolicy.DEFAULT);
    }

    /** A copy with another write policy. */
    public PointDefinition withWritePolicy(WritePolicy policy) {
        return new PointDefinition(id, role, unit, limits, writable, staleAfter, safeValue, policy);
    }

    /** A read-only point with no limits, stale after {@code staleAfter}. */
    public static PointDefinition readOnly(PointId id, Role role, Unit unit, Duration staleAfter) {
        return new PointDefinition(id, role, unit, Limits.NONE, false, staleAfter, OptionalDouble.empty());
    }

    /** A writable point with limits and an optional safe value. */
    public static PointDefinition writable(PointId id, Role role, Unit unit, Limits limits, Duration staleAfter,
                                           OptionalDouble safeValue) {
        return new PointDefinition(id, role, unit, limits, true, staleAfter, safeValue);
    }
}
