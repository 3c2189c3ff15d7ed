package org.thermalcommons.edge.centralmarket;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.thermalcommons.edge.sqlite.Rows;
import org.thermalcommons.edge.sqlite.SqliteFiles;

/**
 * The market's SQLite database: processed message ids, bids, clearings, trades, delivery reports, site state and the
 * outbox of messages to publish. WAL with {@code synchronous=FULL}: a committed transaction survives a crash. Every
 * state change and the messages it causes are written in one transaction ({@link #tx}). One connection, guarded by
 * this object's monitor; its statements are prepared once and reused. Outbox rows committed while a publisher
 * {@linkplain #pendingOrTap listens} are handed to it right after their commit, so a caught-up publisher does not read
 * them back. Deleting published rows ({@link #sent}) is the one commit without an fsync of its own: it becomes
 * durable with the next {@code FULL} commit or checkpoint, and a crash before that only re-sends those rows, which
 * receivers drop by message id.
 */
final class MarketStore implements AutoCloseable {
    private final Connection c;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Outbox rows written by the open transaction. */
    private final List<OutRow> written = new ArrayList<>();
    private Consumer<List<OutRow>> tap;

    /** A unit of work in one transaction. */
    interface Work<T> {
        T run() throws SQLException;
    }

    MarketStore(Path file) throws SQLException {
        c = SqliteFiles.openWal(file, SQLiteConfig.SynchronousMode.FULL);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS processed (id TEXT PRIMARY KEY, site TEXT NOT NULL,"
                    + " type TEXT NOT NULL, at TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS bids (id TEXT PRIMARY KEY, site TEXT NOT NULL,"
                    + " istart INTEGER NOT NULL, iend INTEGER NOT NULL, side TEXT NOT NULL, steps TEXT NOT NULL,"
                    + " source TEXT NOT NULL, valid_until INTEGER NOT NULL, seq INTEGER NOT NULL,"
                    + " state TEXT NOT NULL)");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS bids_open ON bids (state, istart)");
            // arrival order: MAX(seq) + 1 for every new bid, without a scan
            s.executeUpdate("CREATE INDEX IF NOT EXISTS bids_seq ON bids (seq)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS clearings (istart INTEGER PRIMARY KEY, iend INTEGER NOT NULL,"
                    + " price REAL, volume REAL NOT NULL, stress TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS trades (id TEXT PRIMARY KEY, bid_id TEXT NOT NULL,"
                    + " site TEXT NOT NULL, istart INTEGER NOT NULL, iend INTEGER NOT NULL, side TEXT NOT NULL,"
                    + " kw REAL NOT NULL, price REAL NOT NULL, acked INTEGER NOT NULL DEFAULT 0)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, site TEXT NOT NULL,"
                    + " istart INTEGER NOT NULL, committed REAL NOT NULL, delivered REAL NOT NULL,"
                    + " baseline REAL NOT NULL, trade_ids TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS sites (site TEXT PRIMARY KEY, state TEXT, mode TEXT,"
                    + " version TEXT, seen INTEGER, load_kw REAL, flex_up REAL, flex_down REAL, soc REAL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " topic TEXT NOT NULL, payload BLOB NOT NULL, retained INTEGER NOT NULL)");
        }
        c.commit();
    }

    synchronized <T> T tx(Work<T> work) throws SQLException {
        try {
            T t = work.run();
            c.commit();
            if (tap != null && !written.isEmpty()) {
                tap.accept(List.copyOf(written));
            }
            return t;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            written.clear();
        }
    }

    /** The statement for {@code sql}, prepared on first use (callers hold this object's monitor). */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = c.prepareStatement(sql);
            statements.put(sql, p);
        } else {
            p.clearParameters();
        }
        return p;
    }

    /** Records a message id; false when it was processed before (a duplicate). */
    boolean markProcessed(String id, String site, String type, Instant at) throws SQLException {
        PreparedStatement p = statement("INSERT OR IGNORE INTO processed VALUES (?,?,?,?)");
        p.setString(1, id);
        p.setString(2, site);
        p.setString(3, type);
        p.setString(4, at.toString());
        return p.executeUpdate() == 1;
    }

    /** Queues a message in the outbox, in the open transaction. */
    void enqueue(String topic, byte[] payload, boolean retained) throws SQLException {
        PreparedStatement p = statement("INSERT INTO outbox (topic, payload, retained) VALUES (?,?,?)");
        p.setString(1, topic);
        p.setBytes(2, payload);
        p.setInt(3, retained ? 1 : 0);
        p.executeUpdate();
        written.add(new OutRow(longQuery("SELECT last_insert_rowid()"), topic, payload, retained));
    }

    record OutRow(long seq, String topic, byte[] payload, boolean retained) {
    }

    synchronized List<OutRow> pending(long afterSeq, int limit) throws SQLException {
        List<OutRow> out = new ArrayList<>();
        PreparedStatement p = statement("SELECT seq, topic, payload, retained FROM outbox WHERE seq > ? ORDER BY seq"
                + " LIMIT ?");
        p.setLong(1, afterSeq);
        p.setInt(2, limit);
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new OutRow(r.getLong(1), r.getString(2), r.getBytes(3), r.getInt(4) == 1));
            }
        }
        c.commit();
        return out;
    }

    /**
     * Like {@link #pending}; when nothing is pending after {@code afterSeq}, {@code tap} receives, from now on, the
     * rows of every committed transaction, in commit (= seq) order, until {@link #untap}.
     */
    synchronized List<OutRow> pendingOrTap(long afterSeq, int limit, Consumer<List<OutRow>> tap) throws SQLException {
        List<OutRow> out = pending(afterSeq, limit);
        if (out.isEmpty()) {
            this.tap = tap;
        }
        return out;
    }

    /** Rows are no longer handed over: they are read with {@link #pending}. */
    synchronized void untap() {
        tap = null;
    }

    /** Removes messages the broker acknowledged, in one transaction (not fsync'd itself: see the class comment). */
    synchronized void sent(List<Long> seqs) throws SQLException {
        synchronous("NORMAL");
        try {
            PreparedStatement p = statement("DELETE FROM outbox WHERE seq = ?");
            for (long seq : seqs) {
                p.setLong(1, seq);
                p.addBatch();
            }
            p.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            synchronous("FULL");
        }
    }

    /** Sets the safety level between transactions (SQLite refuses it inside one). */
    private void synchronous(String level) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous = " + level);
        } finally {
            c.setAutoCommit(false);
        }
    }

    synchronized long outboxDepth() throws SQLException {
        return longQuery("SELECT COUNT(*) FROM outbox");
    }

    int update(String sql, Object... args) throws SQLException {
        return Rows.update(statement(sql), args);
    }

    /** Rows of a query as arrays of column values (read inside {@link #tx} or a synchronized caller). */
    List<Object[]> query(String sql, Object... args) throws SQLException {
        return Rows.query(statement(sql), args);
    }

    long longQuery(String sql, Object... args) throws SQLException {
        return Rows.firstLong(query(sql, args));
    }

    @Override
    public synchronized void close() throws SQLException {
        for (PreparedStatement p : statements.values()) {
            p.close();
        }
        statements.clear();
        c.close();
    }
}
