package org.thermalcommons.edge.store;

import java.time.Instant;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.store.Bucket;

/** Running statistics of one bucket (count, sum, min, max, last and when it was measured). Not thread-safe. */
final class Accumulator {
    final long start;
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double last;
    long lastTs = Long.MIN_VALUE;
    /** Measurements added since it was last written. */
    boolean dirty;

    Accumulator(long start) {
        this.start = start;
    }

    Accumulator(long start, long count, double sum, double min, double max, double last, long lastTs) {
        this.start = start;
        this.count = count;
        this.sum = sum;
        this.min = min;
        this.max = max;
        this.last = last;
        this.lastTs = lastTs;
    }

    void add(double value, long ts) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (ts >= lastTs) {
            last = value;
            lastTs = ts;
        }
    }

    Accumulator copy() {
        Accumulator a = new Accumulator(start, count, sum, min, max, last, lastTs);
        a.dirty = dirty;
        return a;
    }

    Bucket toBucket() {
        return new Bucket(Instant.ofEpochMilli(start), sum / count, min, max, last, count, OptionalDouble.empty());
    }
}
