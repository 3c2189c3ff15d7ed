package org.thermalcommons.edge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.thermalcommons.edge.api.store.Resolution;

/**
 * The rollup levels, maintained incrementally on the writer thread from every good measurement: per point and level
 * one open bucket in memory, written when the next bucket starts and, while open, at most every flush interval
 * (and on close). A bucket already in the database (after a restart, or a late measurement for an earlier bucket)
 * is read and continued, never overwritten with less. Changes are staged per transaction: {@link #commit()} after
 * the database committed, {@link #rollback()} after it did not, so memory never runs ahead of the database.
 */
final class Rollups {
    private record Key(long point, Resolution level) {
    }

    private record Row(Key key, long start) {
    }

    private final Map<Key, Accumulator> open = new HashMap<>();
    private final Map<Key, Accumulator> staged = new HashMap<>();
    /** Rows to write in this transaction, by row: a row written twice in one batch is written once, the latest. */
    private final Map<Row, Accumulator> toWrite = new LinkedHashMap<>();
    private long rowsWritten;
    private long stagedRows;

    /** Adds one good measurement of a point to every level (within the current transaction). */
    void add(Connection c, long point, double value, long ts) throws SQLException {
        for (Resolution level : Levels.ROLLUPS) {
            Key k = new Key(point, level);
            long start = Levels.start(level, ts);
            Accumulator acc = staged.get(k);
            if (acc == null) {
                Accumulator committed = open.get(k);
                acc = committed == null ? null : committed.copy();
            }
            if (acc == null || start > acc.start) {
                if (acc != null && acc.dirty) {
                    write(k, acc);
                }
                acc = acc == null ? pendingOrLoad(c, k, start) : new Accumulator(start);
            } else if (start < acc.start) {
                Accumulator late = pendingOrLoad(c, k, start);
                late.add(value, ts);
                write(k, late);
                staged.put(k, acc);
                continue;
            }
            acc.add(value, ts);
            acc.dirty = true;
            staged.put(k, acc);
        }
    }

    /** Stages a write of every open bucket with unwritten measurements. */
    void flushOpen() {
        for (Map.Entry<Key, Accumulator> e : open.entrySet()) {
            if (!staged.containsKey(e.getKey()) && e.getValue().dirty) {
                staged.put(e.getKey(), e.getValue().copy());
            }
        }
        for (Map.Entry<Key, Accumulator> e : staged.entrySet()) {
            if (e.getValue().dirty) {
                write(e.getKey(), e.getValue());
                e.getValue().dirty = false;
            }
        }
    }

    /** Executes the staged writes on {@code c} (inside the caller's transaction). */
    void execute(Connection c) throws SQLException {
        if (toWrite.isEmpty()) {
            return;
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT OR REPLACE INTO rollups(level, point, start, n, sum, min, max, last, last_ms) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (Map.Entry<Row, Accumulator> e : toWrite.entrySet()) {
                Accumulator a = e.getValue();
                Key k = e.getKey().key();
                ins.setInt(1, Levels.code(k.level()));
                ins.setLong(2, k.point());
                ins.setLong(3, a.start / 1000);
                ins.setLong(4, a.count);
                ins.setDouble(5, a.sum);
                ins.setDouble(6, a.min);
                ins.setDouble(7, a.max);
                ins.setDouble(8, a.last);
                ins.setLong(9, a.lastTs - a.start);
                ins.addBatch();
            }
            ins.executeBatch();
        }
        stagedRows = toWrite.size();
    }

    void commit() {
        open.putAll(staged);
        rowsWritten += stagedRows;
        clearStaged();
    }

    void rollback() {
        clearStaged();
    }

    long rowsWritten() {
        return rowsWritten;
    }

    private void clearStaged() {
        staged.clear();
        toWrite.clear();
        stagedRows = 0;
    }

    private void write(Key k, Accumulator a) {
        toWrite.put(new Row(k, a.start), a.copy());
    }

    private Accumulator pendingOrLoad(Connection c, Key k, long start) throws SQLException {
        Accumulator pending = toWrite.get(new Row(k, start));
        return pending != null ? pending.copy() : load(c, k, start);
    }

    private static Accumulator load(Connection c, Key k, long start) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT n, sum, min, max, last, last_ms FROM rollups WHERE level = ? AND point = ? AND start = ?")) {
            q.setInt(1, Levels.code(k.level()));
            q.setLong(2, k.point());
            q.setLong(3, start / 1000);
            try (ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    return new Accumulator(start, r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4),
                            r.getDouble(5), start + r.getLong(6));
                }
            }
        }
        return new Accumulator(start);
    }
}
