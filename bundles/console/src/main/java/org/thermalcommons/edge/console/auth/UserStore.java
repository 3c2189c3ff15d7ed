package org.thermalcommons.edge.console.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Console accounts in their own SQLite file ({@code console.db} in the data directory): credentials are not
 * telemetry, have their own lifecycle (never pruned by retention, backed up or wiped on their own) and must not depend
 * on the store bundle being installed. One connection, every call synchronized: a handful of users, few writes.
 */
public final class UserStore implements AutoCloseable {
    private final Connection db;
    private final Path file;

    private UserStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static UserStore open(Path dataDir) {
        Path file = dataDir.resolve("console.db");
        try {
            Files.createDirectories(dataDir);
            SQLiteConfig cfg = new SQLiteConfig();
            cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
            cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            // The override table shares the file through its own connection: wait for it rather than fail.
            cfg.setBusyTimeout(5_000);
            SQLiteDataSource ds = new SQLiteDataSource(cfg);
            ds.setUrl("jdbc:sqlite:" + file);
            Connection c = ds.getConnection();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, role TEXT NOT NULL, "
                        + "hash TEXT NOT NULL, created_ms INTEGER NOT NULL, created_by TEXT NOT NULL)");
            }
            return new UserStore(file, c);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the console's user database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized long count() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure("count users", e);
        }
    }

    public synchronized Optional<User> find(String username) {
        try (PreparedStatement p = db.prepareStatement("SELECT username, role, hash, created_ms, created_by FROM users WHERE username = ?")) {
            p.setString(1, username);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read user " + username, e);
        }
    }

    public synchronized List<User> all() {
        List<User> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT username, role, hash, created_ms, created_by FROM users ORDER BY username")) {
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failure("list users", e);
        }
    }

    /** Adds a user; false when the name is taken. */
    public synchronized boolean insert(User u) {
        try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO users VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, u.username());
            p.setString(2, u.role().id());
            p.setString(3, u.passwordHash());
            p.setLong(4, u.created().toEpochMilli());
            p.setString(5, u.createdBy());
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("add user " + u.username(), e);
        }
    }

    /**
     * Adds the first user only if there is none yet, atomically (two setup requests racing create one admin).
     */
    public synchronized boolean insertFirst(User u) {
        return count() == 0 && insert(u);
    }

    public synchronized boolean delete(String username) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM users WHERE username = ?")) {
            p.setString(1, username);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("delete user " + username, e);
        }
    }

    public synchronized long countWithRole(ConsoleRole role) {
        try (PreparedStatement p = db.prepareStatement("SELECT COUNT(*) FROM users WHERE role = ?")) {
            p.setString(1, role.id());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("count " + role.id() + " users", e);
        }
    }

    private static User row(ResultSet rs) throws SQLException {
        ConsoleRole role = ConsoleRole.parse(rs.getString(2)).orElse(ConsoleRole.VIEWER);
        return new User(rs.getString(1), role, rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5));
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("console user database " + file + ": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing: nothing left to do
        }
    }
}
