package org.thermalcommons.edge.store;

import java.util.ArrayList;
import java.util.List;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.SignalKind;

/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the first and last bucket and, from each of
 * {@code budget - 2} equal groups in between, the bucket forming the largest triangle with the one kept before it and
 * the mean of the next group. The y value is the bucket's {@link Bucket#value(SignalKind) value for its kind}.
 */
final class Lttb {
    private Lttb() {
    }

    static List<Bucket> downsample(List<Bucket> in, int budget, SignalKind kind) {
        if (budget < 3) {
            throw new IllegalArgumentException("LTTB budget must be at least 3, was " + budget);
        }
        int n = in.size();
        if (n <= budget) {
            return in;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = in.get(i).start().toEpochMilli();
            y[i] = in.get(i).value(kind);
        }
        List<Bucket> out = new ArrayList<>(budget);
        out.add(in.get(0));
        double every = (double) (n - 2) / (budget - 2);
        int a = 0;
        for (int g = 0; g < budget - 2; g++) {
            int from = (int) Math.floor(g * every) + 1;
            int to = Math.min((int) Math.floor((g + 1) * every) + 1, n - 1);
            int nextFrom = to;
            int nextTo = Math.min((int) Math.floor((g + 2) * every) + 1, n);
            double avgX = 0;
            double avgY = 0;
            for (int i = nextFrom; i < nextTo; i++) {
                avgX += x[i];
                avgY += y[i];
            }
            int len = nextTo - nextFrom;
            avgX /= len;
            avgY /= len;
            double best = -1;
            int pick = from;
            for (int i = from; i < to; i++) {
                double area = Math.abs((x[a] - avgX) * (y[i] - y[a]) - (x[a] - x[i]) * (avgY - y[a]));
                if (area > best) {
                    best = area;
                    pick = i;
                }
            }
            out.add(in.get(pick));
            a = pick;
        }
        out.add(in.get(n - 1));
        return out;
    }
}
