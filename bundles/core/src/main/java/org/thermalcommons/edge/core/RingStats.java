package org.thermalcommons.edge.core;

import java.util.Arrays;

/** Fixed-size window of the most recent samples (microseconds), with percentiles. Thread-safe. */
final class RingStats {
    private final long[] samples;
    private int next;
    private int size;

    RingStats(int capacity) {
        samples = new long[capacity];
    }

    synchronized void add(long micros) {
        samples[next] = micros;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /** Percentile p in (0, 100] of the window; 0 when empty. */
    synchronized long percentile(double p) {
        if (size == 0) {
            return 0;
        }
        long[] s = Arrays.copyOf(samples, size);
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * size) - 1;
        return s[Math.max(0, Math.min(size - 1, idx))];
    }
}
