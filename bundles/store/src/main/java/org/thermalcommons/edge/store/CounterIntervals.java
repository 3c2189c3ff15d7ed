package org.thermalcommons.edge.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.store.Bucket;

/**
 * Interval energy of a cumulative counter by difference of the buckets' last readings, at query time.
 * <ul>
 *   <li>normal: {@code last - previous last};</li>
 *   <li>counter reset (the bucket's min fell below the previous last: meter replaced, register rolled over): the
 *       counter is taken to restart from zero, so the interval is what was counted before the reset
 *       ({@code max(0, max - previous last)}) plus the bucket's last reading;</li>
 *   <li>implausible jump: an interval more than {@link #JUMP_FACTOR} times the median of the series' positive
 *       intervals (with at least {@link #MIN_FOR_MEDIAN} of them) is left empty and counted.</li>
 * </ul>
 */
final class CounterIntervals {
    static final double JUMP_FACTOR = 100;
    static final int MIN_FOR_MEDIAN = 4;

    record Result(List<Bucket> buckets, int rejectedJumps) {
    }

    private CounterIntervals() {
    }

    /**
     * @param previousLast the last reading before the first bucket, if any
     */
    static Result apply(List<Bucket> buckets, OptionalDouble previousLast) {
        double[] d = new double[buckets.size()];
        boolean[] known = new boolean[buckets.size()];
        boolean hasPrev = previousLast.isPresent();
        double prev = hasPrev ? previousLast.getAsDouble() : 0;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (hasPrev) {
                d[i] = b.min() < prev ? Math.max(0, b.max() - prev) + b.last() : b.last() - prev;
                known[i] = true;
            }
            prev = b.last();
            hasPrev = true;
        }
        double cap = cap(d, known);
        List<Bucket> out = new ArrayList<>(buckets.size());
        int rejected = 0;
        for (int i = 0; i < buckets.size(); i++) {
            OptionalDouble e = OptionalDouble.empty();
            if (known[i]) {
                if (d[i] > cap) {
                    rejected++;
                } else {
                    e = OptionalDouble.of(d[i]);
                }
            }
            out.add(buckets.get(i).withIntervalEnergy(e));
        }
        return new Result(out, rejected);
    }

    private static double cap(double[] d, boolean[] known) {
        double[] positive = new double[d.length];
        int n = 0;
        for (int i = 0; i < d.length; i++) {
            if (known[i] && d[i] > 0) {
                positive[n++] = d[i];
            }
        }
        if (n < MIN_FOR_MEDIAN) {
            return Double.POSITIVE_INFINITY;
        }
        double[] p = Arrays.copyOf(positive, n);
        Arrays.sort(p);
        double median = n % 2 == 1 ? p[n / 2] : (p[n / 2 - 1] + p[n / 2]) / 2;
        return JUMP_FACTOR * median;
    }
}
