package org.thermalcommons.edge.market;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.thermalcommons.edge.sqlite.Rows;
import org.thermalcommons.edge.sqlite.SqliteFiles;

/**
 * The market bundle's own SQLite file ({@code <data>/market.db}, apart from the store's): outbox, inbox ids, trades
 * and delivery meters. WAL with {@code synchronous=FULL}, so a committed transaction survives a crash or power loss.
 * A state change and the messages it causes commit together ({@link #tx}). One connection, guarded by this monitor;
 * never used from the control cycle.
 */
public final class MarketDb implements AutoCloseable {
    public interface Work<T> {
        T run(MarketDb db) throws SQLException;
    }

    private final Connection c;

    public MarketDb(Path file) throws SQLException {
        c = SqliteFiles.openWal(file, SQLiteConfig.SynchronousMode.FULL);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " topic TEXT NOT NULL, type TEXT NOT NULL, payload BLOB NOT NULL, retained INTEGER NOT NULL,"
                    + " backlog INTEGER NOT NULL DEFAULT 0)");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS outbox_backlog ON outbox (backlog, seq)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS inbox (id TEXT PRIMARY KEY, type TEXT NOT NULL,"
                    + " at INTEGER NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS trades (id TEXT PRIMARY KEY, bid_id TEXT NOT NULL,"
                    + " provider TEXT NOT NULL, source TEXT NOT NULL, istart INTEGER NOT NULL, iend INTEGER NOT NULL,"
                    + " kw REAL NOT NULL, price REAL NOT NULL, reported INTEGER NOT NULL DEFAULT 0)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS bids (id TEXT PRIMARY KEY, provider TEXT NOT NULL,"
                    + " source TEXT NOT NULL, istart INTEGER NOT NULL, side TEXT NOT NULL, kw REAL NOT NULL,"
                    + " status TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB NOT NULL)");
        }
        c.commit();
    }

    public synchronized <T> T tx(Work<T> work) throws SQLException {
        try {
            T t = work.run(this);
            c.commit();
            return t;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            return Rows.update(p, args);
        }
    }

    List<Object[]> query(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            return Rows.query(p, args);
        }
    }

    long count(String sql, Object... args) throws SQLException {
        return Rows.firstLong(query(sql, args));
    }

    /** Runs the same statement once per row of arguments (one transaction when called inside {@link #tx}). */
    void batch(String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (Object[] args : rows) {
                Rows.bind(p, args);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        c.close();
    }
}
