package org.thermalcommons.edge.api.store;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One bucket of a point's history: the good-quality values measured in {@code [start, start + width)}. At
 * {@link Resolution#RAW} a bucket is one stored sample (count 1, every statistic equal to its value).
 *
 * @param start          start of the bucket (for RAW: the sample's timestamp)
 * @param mean           mean of the values
 * @param min            smallest value
 * @param max            largest value
 * @param last           the latest value in the bucket
 * @param count          number of values aggregated (at least 1)
 * @param intervalEnergy for a {@link SignalKind#COUNTER}: the energy counted in this bucket (since the previous
 *                       bucket's last reading, counter resets accounted for); empty for other kinds, for the first
 *                       bucket when no earlier reading exists, and for an implausible jump
 */
public record Bucket(Instant start, double mean, double min, double max, double last, long count,
                     OptionalDouble intervalEnergy) {
    public Bucket {
        Objects.requireNonNull(start, "start");
        if (count < 1) {
            throw new IllegalArgumentException("bucket at " + start + ": count must be at least 1, was " + count);
        }
        if (min > max) {
            throw new IllegalArgumentException("bucket at " + start + ": min " + min + " > max " + max);
        }
        intervalEnergy = intervalEnergy == null ? OptionalDouble.empty() : intervalEnergy;
    }

    /** The value that represents this bucket for a signal of the given kind (what a chart draws). */
    public double value(SignalKind kind) {
        return switch (kind) {
            case ANALOG -> mean;
            case COUNTER -> last;
            case ALARM, MAXIMUM -> max;
            case MINIMUM -> min;
        };
    }

    /** A copy with the given interval energy. */
    public Bucket withIntervalEnergy(OptionalDouble energy) {
        return new Bucket(start, mean, min, max, last, count, energy);
    }
}
