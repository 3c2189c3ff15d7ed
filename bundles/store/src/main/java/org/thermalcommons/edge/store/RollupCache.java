package org.thermalcommons.edge.store;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.store.Bucket;

/**
 * Sealed rollup rows in memory, per point and level, so a repeated long chart (a year at the hourly level is 8,760
 * rows) reads only its newest rows from SQLite instead of every row through JDBC. The newest row of a level (possibly
 * the open bucket) is never cached; the {@link HistoryReader} checks an entry against the database before each use
 * (row count and measurement total). Bounded by {@link #MAX_ROWS} rows in all (about 48 bytes each), least recently
 * used out first. Used under the reader's monitor only.
 */
final class RollupCache {
    static final int MAX_ROWS = 100_000;

    private record Key(long point, int level) {
    }

    /** Rows with {@code from <= start < sealedUntil} (seconds), oldest first. */
    record Rows(long from, long sealedUntil, long[] start, long[] n, double[] sum, double[] min,
                double[] max, double[] last) {
        int size() {
            return start.length;
        }

        /** Measurements aggregated in these rows (what {@code total(n)} gives over the same rows). */
        double measurements() {
            double t = 0;
            for (long v : n) {
                t += v;
            }
            return t;
        }

        /** Appends the rows with {@code fromSec <= start < toSec} as buckets. */
        void appendTo(List<Bucket> out, long fromSec, long toSec) {
            int i = java.util.Arrays.binarySearch(start, fromSec);
            for (i = i < 0 ? -i - 1 : i; i < start.length && start[i] < toSec; i++) {
                out.add(new Bucket(Instant.ofEpochSecond(start[i]), sum[i] / n[i], min[i], max[i], last[i], n[i],
                        OptionalDouble.empty()));
            }
        }
    }

    private final Map<Key, Rows> entries = new LinkedHashMap<>(16, 0.75f, true);
    private int rows;

    /** The entry for the point and level if it holds {@code fromSec}; null otherwise. */
    Rows get(long point, int level, long fromSec) {
        Rows r = entries.get(new Key(point, level));
        if (r == null) {
            return null;
        }
        if (r.from() > fromSec) {
            remove(new Key(point, level));
            return null;
        }
        return r;
    }

    void put(long point, int level, Rows r) {
        Key k = new Key(point, level);
        remove(k);
        if (r.size() > MAX_ROWS) {
            return;
        }
        entries.put(k, r);
        rows += r.size();
        for (Iterator<Map.Entry<Key, Rows>> it = entries.entrySet().iterator(); rows > MAX_ROWS && it.hasNext(); ) {
            Map.Entry<Key, Rows> e = it.next();
            rows -= e.getValue().size();
            it.remove();
        }
    }

    int cachedRows() {
        return rows;
    }

    private void remove(Key k) {
        Rows old = entries.remove(k);
        if (old != null) {
            rows -= old.size();
        }
    }
}
