package org.thermalcommons.edge.market;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

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
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create the data directory " + file.getParent() + ": " + e.getMessage(), e);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        c = ds.getConnection();
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
            bind(p, args);
            return p.executeUpdate();
        }
    }

    List<Object[]> query(String sql, Object... args) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            try (ResultSet r = p.executeQuery()) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    Object[] row = new Object[n];
                    for (int k = 0; k < n; k++) {
                        row[k] = r.getObject(k + 1);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    long count(String sql, Object... args) throws SQLException {
        List<Object[]> r = query(sql, args);
        return r.isEmpty() || r.get(0)[0] == null ? 0 : ((Number) r.get(0)[0]).longValue();
    }

    /** Runs the same statement once per row of arguments (one transaction when called inside {@link #tx}). */
    void batch(String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (Object[] args : rows) {
                bind(p, args);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void bind(PreparedStatement p, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        c.close();
    }
}
