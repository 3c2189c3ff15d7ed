package org.thermalcommons.edge.api.point;

import java.util.OptionalDouble;

/**
 * Engineering limits of a point: every write is clamped to {@code [min, max]} and, when a rate limit is set,
 * moves at most {@code maxRatePerSecond} units per second from the last value written.
 */
public record Limits(double min, double max, OptionalDouble maxRatePerSecond) {
    public static final Limits NONE = new Limits(-Double.MAX_VALUE, Double.MAX_VALUE, OptionalDouble.empty());

    public Limits {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("limits: min (" + min + ") must not exceed max (" + max + ")");
        }
        if (maxRatePerSecond == null) {
            maxRatePerSecond = OptionalDouble.empty();
        }
        if (maxRatePerSecond.isPresent() && !(maxRatePerSecond.getAsDouble() > 0)) {
            throw new IllegalArgumentException("limits: maxRatePerSecond must be > 0, was " + maxRatePerSecond.getAsDouble());
        }
    }

    public static Limits of(double min, double max) {
        return new Limits(min, max, OptionalDouble.empty());
    }

    public Limits withMaxRatePerSecond(double rate) {
        return new Limits(min, max, OptionalDouble.of(rate));
    }

    /** Clamps to {@code [min, max]}. */
    public double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }

    /**
     * Clamps to {@code [min, max]} and to the rate limit, given the previously written value and the seconds since.
     */
    public double clamp(double value, double previous, double secondsSince) {
        double v = clamp(value);
        if (maxRatePerSecond.isPresent() && secondsSince >= 0) {
            double step = maxRatePerSecond.getAsDouble() * secondsSince;
            v = Math.max(previous - step, Math.min(previous + step, v));
        }
        return clamp(v);
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }
}
