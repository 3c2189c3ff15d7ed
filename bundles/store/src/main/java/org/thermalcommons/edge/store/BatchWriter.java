package org.thermalcommons.edge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.SignalKind;

/**
 * Writes one batch in one transaction, all or nothing: point definitions, samples (deduplicated, then filtered by
 * the {@link StoragePolicy}), the rollups of every good measurement, and audit events. A transaction with audit events
 * commits with {@code synchronous=FULL} (the WAL is synced before the commit returns: an acknowledged audit record
 * survives a power cut); sample-only transactions use NORMAL. What the writer remembers per point (keys, last stored
 * value, open rollup buckets) is staged and becomes current only after the commit; a failed batch leaves the database
 * and the memory exactly as before it. Writer thread only.
 */
final class BatchWriter {
    /** Counts of one committed batch. */
    record Outcome(int stored, int filtered, int duplicates, int audits) {
    }

    private final Connection c;
    private final StoragePolicy policy;
    private final Map<PointId, PointState> committed = new HashMap<>();
    private final Map<PointId, PointState> staged = new HashMap<>();
    private final Rollups rollups = new Rollups();
    private long durableCommits;

    BatchWriter(Connection c, StoragePolicy policy) {
        this.c = c;
        this.policy = policy;
    }

    Outcome write(List<PointDefinition> definitions, List<PointValue> batch, List<AuditEvent> events,
                  boolean flushRollups) throws SQLException {
        boolean durable = !events.isEmpty();
        if (durable) {
            pragma("synchronous = FULL");
        }
        int stored = 0;
        int filtered = 0;
        int duplicates = 0;
        c.setAutoCommit(false);
        try {
            for (PointDefinition d : definitions) {
                define(d);
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT OR REPLACE INTO samples(point, ts, quality, value, unit) VALUES (?,?,?,?,?)")) {
                for (PointValue v : batch) {
                    PointState p = state(v.id(), v.unit());
                    long ts = v.timestamp().toEpochMilli();
                    if (ts == p.seenTs && v.quality() == p.seenQuality) {
                        duplicates++;
                        continue;
                    }
                    boolean late = ts < p.seenTs;
                    boolean newMeasurement = ts != p.seenTs;
                    if (!late) {
                        p.seenTs = ts;
                        p.seenQuality = v.quality();
                    }
                    if (v.isGood() && newMeasurement) {
                        rollups.add(c, p.key, v.value(), ts);
                    }
                    if (late || keep(p, v, ts)) {
                        ins.setLong(1, p.key);
                        ins.setLong(2, ts);
                        ins.setInt(3, Codes.quality(v.quality()));
                        ins.setDouble(4, v.value());
                        ins.setInt(5, Codes.unit(v.unit()));
                        ins.addBatch();
                        stored++;
                        if (!late) {
                            p.hasStored = true;
                            p.storedValue = v.value();
                            p.storedTs = ts;
                            p.storedQuality = v.quality();
                            p.storedUnit = v.unit();
                        }
                    } else {
                        filtered++;
                    }
                }
                if (stored > 0) {
                    ins.executeBatch();
                }
            }
            if (flushRollups) {
                rollups.flushOpen();
            }
            rollups.execute(c);
            insertAudits(events);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            staged.clear();
            rollups.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
            if (durable) {
                pragma("synchronous = NORMAL");
            }
        }
        committed.putAll(staged);
        staged.clear();
        rollups.commit();
        if (durable) {
            durableCommits++;
        }
        return new Outcome(stored, filtered, duplicates, events.size());
    }

    long rollupRowsWritten() {
        return rollups.rowsWritten();
    }

    long durableCommits() {
        return durableCommits;
    }

    /** Point ids and keys known to the writer (for retention). */
    List<Long> pointKeys() {
        return committed.values().stream().map(p -> p.key).toList();
    }

    private static boolean keepNonGood(PointState p, long ts) {
        return ts - p.storedTs >= p.rule.maxIntervalMs();
    }

    private static boolean keep(PointState p, PointValue v, long ts) {
        if (!p.hasStored || v.quality() != p.storedQuality || v.unit() != p.storedUnit) {
            return true;
        }
        if (!v.isGood()) {
            return keepNonGood(p, ts);
        }
        return p.rule.store(p.storedValue, p.storedTs, v.value(), ts);
    }

    private void define(PointDefinition d) throws SQLException {
        PointState p = state(d.id(), d.unit());
        SignalKind kind = SignalKinds.of(d.role(), d.unit());
        p.kind = kind;
        p.unit = d.unit();
        p.rule = policy.rule(kind, d.unit());
        try (PreparedStatement u = c.prepareStatement("UPDATE points SET role = ?, unit = ?, kind = ? WHERE id = ?")) {
            u.setString(1, d.role().brickClass());
            u.setInt(2, Codes.unit(d.unit()));
            u.setInt(3, Codes.kind(kind));
            u.setLong(4, p.key);
            u.executeUpdate();
        }
    }

    private PointState state(PointId id, Unit unit) throws SQLException {
        PointState s = staged.get(id);
        if (s != null) {
            return s;
        }
        PointState known = committed.get(id);
        s = known != null ? known.copy() : create(id, unit);
        staged.put(id, s);
        return s;
    }

    /** Reads or inserts the point's row (inside the transaction: a rollback forgets an inserted row and its key). */
    private PointState create(PointId id, Unit unit) throws SQLException {
        String name = id.toString();
        try (PreparedStatement q = c.prepareStatement("SELECT id, unit, kind FROM points WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                if (r.next() && r.getObject(3) != null) {
                    SignalKind kind = Codes.kind(r.getInt(3));
                    Unit u = Codes.unit(r.getInt(2));
                    return new PointState(r.getLong(1), kind, u, policy.rule(kind, u));
                }
            }
        }
        SignalKind kind = SignalKinds.of(null, unit);
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO points(name, unit, kind) VALUES (?,?,?) ON CONFLICT(name) DO UPDATE SET unit = excluded.unit, kind = excluded.kind")) {
            ins.setString(1, name);
            ins.setInt(2, Codes.unit(unit));
            ins.setInt(3, Codes.kind(kind));
            ins.executeUpdate();
        }
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM points WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return new PointState(r.getLong(1), kind, unit, policy.rule(kind, unit));
            }
        }
    }

    private void insertAudits(List<AuditEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement aud = c.prepareStatement("INSERT INTO audit(ts, category, subject, message, actor) VALUES (?,?,?,?,?)")) {
            for (AuditEvent e : events) {
                aud.setLong(1, e.at().toEpochMilli());
                aud.setString(2, e.category());
                aud.setString(3, e.subject());
                aud.setString(4, e.message());
                aud.setString(5, e.actor().orElse(null));
                aud.addBatch();
            }
            aud.executeBatch();
        }
    }

    private void pragma(String p) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA " + p);
        }
    }
}
