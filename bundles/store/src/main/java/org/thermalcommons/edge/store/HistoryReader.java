package org.thermalcommons.edge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.api.store.SignalKind;

/**
 * Queries on the read connection (WAL lets them run beside the writer): samples, buckets of a level, chart series
 * (level chosen by span and retention, then LTTB). One query at a time (the {@link AuditReader} shares the lock).
 */
final class HistoryReader {
    /** A level is used for a chart when it has at most this many buckets per point of the budget (LTTB does the rest). */
    static final int OVERSAMPLING = 8;

    private record Meta(long key, SignalKind kind, Unit unit) {
    }

    private final Connection c;
    private final Map<Resolution, Duration> retention;
    private final Supplier<Instant> clock;
    private final RollupCache cache;

    /**
     * @param retention how long each resolution (RAW included) keeps its data
     */
    HistoryReader(Connection c, Map<Resolution, Duration> retention, Supplier<Instant> clock) {
        this.cache = new RollupCache();
        this.c = c;
        this.retention = Map.copyOf(retention);
        this.clock = clock;
    }

    synchronized List<PointValue> history(PointId point, Instant from, Instant to, int limit) {
        List<PointValue> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT s.ts, s.value, s.quality, s.unit FROM samples s JOIN points p ON p.id = s.point "
                        + "WHERE p.name = ? AND s.ts >= ? AND s.ts < ? ORDER BY s.ts, s.quality LIMIT ?")) {
            q.setString(1, point.toString());
            q.setLong(2, from.toEpochMilli());
            q.setLong(3, to.toEpochMilli());
            q.setInt(4, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new PointValue(point, r.getDouble(2), Codes.unit((Integer) r.getObject(4)),
                            Codes.quality(r.getInt(3)), Instant.ofEpochMilli(r.getLong(1))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("history query for " + point + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    synchronized Series buckets(PointId point, Instant from, Instant to, Resolution resolution) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("history of " + point + ": from " + from + " must be before to " + to);
        }
        try {
            Meta m = meta(point);
            if (m == null) {
                return new Series(point, SignalKind.ANALOG, Unit.NONE, resolution, from, to, List.of(), 0, 0);
            }
            List<Bucket> out = resolution == Resolution.RAW ? raw(m, from, to) : rollups(m, from, to, resolution);
            int rejected = 0;
            if (m.kind() == SignalKind.COUNTER) {
                CounterIntervals.Result r = CounterIntervals.apply(out, previousLast(m, from, resolution));
                out = r.buckets();
                rejected = r.rejectedJumps();
            }
            return new Series(point, m.kind(), m.unit(), resolution, from, to, out, out.size(), rejected);
        } catch (SQLException e) {
            throw new IllegalStateException("history query for " + point + " failed: " + e.getMessage(), e);
        }
    }

    synchronized Series chart(PointId point, Instant from, Instant to, int maxPoints) {
        if (maxPoints < 3) {
            throw new IllegalArgumentException("chart of " + point + ": maxPoints must be at least 3, was " + maxPoints);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("chart of " + point + ": from " + from + " must be before to " + to);
        }
        SignalKind kind;
        try {
            Meta m = meta(point);
            kind = m == null ? SignalKind.ANALOG : m.kind();
        } catch (SQLException e) {
            throw new IllegalStateException("chart query for " + point + " failed: " + e.getMessage(), e);
        }
        Series s = buckets(point, from, to, level(kind, from, to, maxPoints));
        if (kind == SignalKind.COUNTER) {
            return s;
        }
        return new Series(s.point(), s.kind(), s.unit(), s.resolution(), from, to,
                Lttb.downsample(s.buckets(), maxPoints, s.kind()), s.sourceBuckets(), s.rejectedJumps());
    }

    /**
     * The finest level that still holds {@code from} and has at most {@code OVERSAMPLING x maxPoints} buckets over
     * the span ({@code maxPoints} for counters, which are not downsampled); RAW only for spans of at most
     * {@code maxPoints} minutes (the samples are at most about one a minute for analog points). DAY if none fits.
     */
    Resolution level(SignalKind kind, Instant from, Instant to, int maxPoints) {
        Instant now = clock.get();
        long span = Duration.between(from, to).toMillis();
        long factor = kind == SignalKind.COUNTER ? 1 : OVERSAMPLING;
        if (span <= maxPoints * 60_000L && covers(Resolution.RAW, from, now)) {
            return Resolution.RAW;
        }
        for (Resolution r : Levels.ROLLUPS) {
            if (span / r.bucket().toMillis() <= factor * maxPoints && covers(r, from, now)) {
                return r;
            }
        }
        return Resolution.DAY;
    }

    private boolean covers(Resolution r, Instant from, Instant now) {
        return !from.isBefore(now.minus(retention.get(r)));
    }

    private List<Bucket> raw(Meta m, Instant from, Instant to) throws SQLException {
        List<Bucket> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT ts, value FROM samples WHERE point = ? AND ts >= ? AND ts < ? AND quality = 0 ORDER BY ts")) {
            q.setLong(1, m.key());
            q.setLong(2, from.toEpochMilli());
            q.setLong(3, to.toEpochMilli());
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    double v = r.getDouble(2);
                    out.add(new Bucket(Instant.ofEpochMilli(r.getLong(1)), v, v, v, v, 1, OptionalDouble.empty()));
                }
            }
        }
        return out;
    }

    /**
     * The level's rows in {@code [from, to)}: the sealed ones from the {@link RollupCache} (loaded once from
     * {@code from} on, checked against the database by count and measurement total on every use), the newest from
     * the database.
     */
    private List<Bucket> rollups(Meta m, Instant from, Instant to, Resolution level) throws SQLException {
        long fromSec = Math.floorDiv(from.toEpochMilli() + 999, 1000);
        long toSec = Math.floorDiv(to.toEpochMilli() + 999, 1000);
        int code = Levels.code(level);
        RollupCache.Rows sealed = cache.get(m.key(), code, fromSec);
        if (sealed != null && !unchanged(m.key(), code, sealed)) {
            sealed = null;
        }
        if (sealed == null) {
            sealed = loadSealed(m.key(), code, fromSec);
            cache.put(m.key(), code, sealed);
        }
        List<Bucket> out = new ArrayList<>();
        sealed.appendTo(out, fromSec, Math.min(toSec, sealed.sealedUntil()));
        long tail = Math.max(fromSec, sealed.sealedUntil());
        if (toSec > tail) {
            try (PreparedStatement q = c.prepareStatement("SELECT start, n, sum, min, max, last FROM rollups "
                    + "WHERE level = ? AND point = ? AND start >= ? AND start < ? ORDER BY start")) {
                q.setInt(1, code);
                q.setLong(2, m.key());
                q.setLong(3, tail);
                q.setLong(4, toSec);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        long n = r.getLong(2);
                        out.add(new Bucket(Instant.ofEpochSecond(r.getLong(1)), r.getDouble(3) / n, r.getDouble(4),
                                r.getDouble(5), r.getDouble(6), n, OptionalDouble.empty()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Whether the cached rows are still what the database holds: rows only ever grow by measurements (a late one, or
     * an open bucket continued after a restart) or disappear by retention, so the row count and the total of their
     * measurement counts over the cached range tell (one aggregate over the range inside SQLite).
     */
    private boolean unchanged(long point, int code, RollupCache.Rows rows) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT count(*), total(n) FROM rollups "
                + "WHERE level = ? AND point = ? AND start >= ? AND start < ?")) {
            q.setInt(1, code);
            q.setLong(2, point);
            q.setLong(3, rows.from());
            q.setLong(4, rows.sealedUntil());
            try (ResultSet r = q.executeQuery()) {
                return r.next() && r.getLong(1) == rows.size() && r.getDouble(2) == rows.measurements();
            }
        }
    }

    /** Every row of the level from {@code fromSec} on except the newest (which may be the open bucket). */
    private RollupCache.Rows loadSealed(long point, int code, long fromSec) throws SQLException {
        int cap = 1024;
        long[] start = new long[cap];
        long[] n = new long[cap];
        double[] sum = new double[cap];
        double[] min = new double[cap];
        double[] max = new double[cap];
        double[] last = new double[cap];
        int k = 0;
        try (PreparedStatement q = c.prepareStatement("SELECT start, n, sum, min, max, last FROM rollups "
                + "WHERE level = ? AND point = ? AND start >= ? ORDER BY start")) {
            q.setInt(1, code);
            q.setLong(2, point);
            q.setLong(3, fromSec);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    if (k == cap) {
                        cap *= 2;
                        start = java.util.Arrays.copyOf(start, cap);
                        n = java.util.Arrays.copyOf(n, cap);
                        sum = java.util.Arrays.copyOf(sum, cap);
                        min = java.util.Arrays.copyOf(min, cap);
                        max = java.util.Arrays.copyOf(max, cap);
                        last = java.util.Arrays.copyOf(last, cap);
                    }
                    start[k] = r.getLong(1);
                    n[k] = r.getLong(2);
                    sum[k] = r.getDouble(3);
                    min[k] = r.getDouble(4);
                    max[k] = r.getDouble(5);
                    last[k] = r.getDouble(6);
                    k++;
                }
            }
        }
        int sealed = Math.max(0, k - 1);
        long sealedUntil = k == 0 ? fromSec : start[k - 1];
        return new RollupCache.Rows(fromSec, sealedUntil, java.util.Arrays.copyOf(start, sealed),
                java.util.Arrays.copyOf(n, sealed), java.util.Arrays.copyOf(sum, sealed), java.util.Arrays.copyOf(min, sealed),
                java.util.Arrays.copyOf(max, sealed), java.util.Arrays.copyOf(last, sealed));
    }

    private OptionalDouble previousLast(Meta m, Instant from, Resolution level) throws SQLException {
        String sql = level == Resolution.RAW
                ? "SELECT value FROM samples WHERE point = ? AND ts < ? AND quality = 0 ORDER BY ts DESC LIMIT 1"
                : "SELECT last FROM rollups WHERE level = " + Levels.code(level) + " AND point = ? AND start < ? ORDER BY start DESC LIMIT 1";
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, m.key());
            q.setLong(2, level == Resolution.RAW ? from.toEpochMilli() : Math.floorDiv(from.toEpochMilli() + 999, 1000));
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? OptionalDouble.of(r.getDouble(1)) : OptionalDouble.empty();
            }
        }
    }

    private Meta meta(PointId point) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id, kind, unit FROM points WHERE name = ?")) {
            q.setString(1, point.toString());
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                Integer kind = (Integer) r.getObject(2);
                return new Meta(r.getLong(1), kind == null ? SignalKind.ANALOG : Codes.kind(kind),
                        Codes.unit((Integer) r.getObject(3)));
            }
        }
    }

    synchronized int schemaVersion() throws SQLException {
        return Migrations.version(c);
    }
}
