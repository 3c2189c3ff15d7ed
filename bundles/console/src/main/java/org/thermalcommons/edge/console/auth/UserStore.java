package org.thermalcommons.edge.console.auth;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.thermalcommons.edge.sqlite.Rows;
import org.thermalcommons.edge.sqlite.SqliteFiles;

/**
 * Console accounts in their own SQLite file ({@code console.db} in the data directory): credentials are not
 * telemetry, have their own lifecycle (never pruned by retention, backed up or wiped on their own) and must not depend
 * on the store bundle being installed. One connection, every call synchronized: a handful of users, few writes. The
 * rule that the gateway always keeps an enabled admin is checked here, in the same synchronized call as the change, so
 * two admins demoting each other at once cannot both succeed.
 */
public final class UserStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
    private static final String COLUMNS = "SELECT username, role, hash, created_ms, created_by, disabled FROM users ";

    /** The outcome of a change to an account. */
    public enum Change { DONE, NO_SUCH_USER, LAST_ADMIN }

    /** A pending password reset link: whose, by whom, until when. */
    public record ResetLink(String username, String issuedBy, Instant issued, Instant expires) {
    }

    private final Connection db;
    private final Path file;

    private UserStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static UserStore open(Path dataDir) {
        Path file = dataDir.resolve("console.db");
        try {
            // The override table shares the file through its own connection: the busy timeout waits for it.
            Connection c = SqliteFiles.openWal(file, SQLiteConfig.SynchronousMode.FULL);
            try {
                boolean existed = UserSchema.hasUsersTable(c);
                int before = UserSchema.migrate(c, UserSchema.STEPS);
                if (existed && before < UserSchema.latest()) {
                    LOG.info("Console user database {} migrated from schema version {} to {}; its accounts are kept", file,
                            before, UserSchema.latest());
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new UserStore(file, c);
        } catch (SQLException e) {
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
        try (PreparedStatement p = db.prepareStatement(COLUMNS + "WHERE username = ?")) {
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
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(COLUMNS + "ORDER BY username")) {
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
        try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO users(username, role, hash, created_ms, "
                + "created_by, disabled, password_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, u.username());
            p.setString(2, u.role().id());
            p.setString(3, u.passwordHash());
            p.setLong(4, u.created().toEpochMilli());
            p.setString(5, u.createdBy());
            p.setInt(6, u.enabled() ? 0 : 1);
            p.setLong(7, u.created().toEpochMilli());
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

    /** Deletes an account and its reset link, unless it is the last enabled admin. */
    public synchronized Change delete(String username) {
        Optional<User> u = find(username);
        if (u.isEmpty()) {
            return Change.NO_SUCH_USER;
        }
        if (lastEnabledAdmin(u.get())) {
            return Change.LAST_ADMIN;
        }
        update("delete user " + username, "DELETE FROM reset_links WHERE username = ?", username);
        update("delete user " + username, "DELETE FROM users WHERE username = ?", username);
        return Change.DONE;
    }

    /** Gives an account another role, unless that demotes the last enabled admin. */
    public synchronized Change setRole(String username, ConsoleRole role) {
        Optional<User> u = find(username);
        if (u.isEmpty()) {
            return Change.NO_SUCH_USER;
        }
        if (role != ConsoleRole.ADMIN && lastEnabledAdmin(u.get())) {
            return Change.LAST_ADMIN;
        }
        update("change the role of " + username, "UPDATE users SET role = ? WHERE username = ?", role.id(), username);
        return Change.DONE;
    }

    /** Enables or disables an account, unless that disables the last enabled admin. Disabling voids its reset link. */
    public synchronized Change setEnabled(String username, boolean enabled) {
        Optional<User> u = find(username);
        if (u.isEmpty()) {
            return Change.NO_SUCH_USER;
        }
        if (!enabled && lastEnabledAdmin(u.get())) {
            return Change.LAST_ADMIN;
        }
        update("change user " + username, "UPDATE users SET disabled = ? WHERE username = ?", enabled ? 0 : 1, username);
        if (!enabled) {
            update("void the reset link of " + username, "DELETE FROM reset_links WHERE username = ?", username);
        }
        return Change.DONE;
    }

    /** Replaces an account's password hash (voiding its reset link); false when there is no such account. */
    public synchronized boolean setPassword(String username, String hash, Instant at) {
        update("void the reset link of " + username, "DELETE FROM reset_links WHERE username = ?", username);
        return update("set the password of " + username, "UPDATE users SET hash = ?, password_ms = ? WHERE username = ?",
                hash, at.toEpochMilli(), username) == 1;
    }

    /** Enabled accounts with this role. */
    public synchronized long countEnabled(ConsoleRole role) {
        try (PreparedStatement p = db.prepareStatement("SELECT COUNT(*) FROM users WHERE role = ? AND disabled = 0")) {
            p.setString(1, role.id());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("count " + role.id() + " users", e);
        }
    }

    /** Stores the hash of an account's new reset link; an earlier link of that account is void from now on. */
    public synchronized void saveResetLink(ResetLink link, String tokenHash) {
        try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO reset_links(username, token_hash, issued_ms, "
                + "issued_by, expires_ms) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, link.username());
            p.setString(2, tokenHash);
            p.setLong(3, link.issued().toEpochMilli());
            p.setString(4, link.issuedBy());
            p.setLong(5, link.expires().toEpochMilli());
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure("store a reset link for " + link.username(), e);
        }
    }

    /** The pending reset link of an account, if it has one. */
    public synchronized Optional<ResetLink> resetLink(String username) {
        return link("SELECT username, issued_by, issued_ms, expires_ms FROM reset_links WHERE username = ?", username);
    }

    /**
     * Takes the reset link with this token hash out of the table (whatever its expiry: a link is tried once) and, when it
     * had not expired at {@code now}, sets the account's password to {@code newHash} in the same transaction.
     *
     * @return the link, when there was one (the caller tells an expired one from a used one by its expiry)
     */
    public synchronized Optional<ResetLink> redeem(String tokenHash, Instant now, String newHash) {
        try {
            db.setAutoCommit(false);
            try {
                Optional<ResetLink> l = link("SELECT username, issued_by, issued_ms, expires_ms FROM reset_links "
                        + "WHERE token_hash = ?", tokenHash);
                if (l.isPresent()) {
                    update("redeem a reset link", "DELETE FROM reset_links WHERE token_hash = ?", tokenHash);
                    if (now.isBefore(l.get().expires())) {
                        update("set a password", "UPDATE users SET hash = ?, password_ms = ? WHERE username = ?", newHash,
                                now.toEpochMilli(), l.get().username());
                    }
                }
                db.commit();
                return l;
            } catch (RuntimeException | SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("redeem a reset link", e);
        }
    }

    private Optional<ResetLink> link(String sql, String key) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new ResetLink(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        Instant.ofEpochMilli(rs.getLong(4)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a reset link", e);
        }
    }

    private boolean lastEnabledAdmin(User u) {
        return u.role() == ConsoleRole.ADMIN && u.enabled() && countEnabled(ConsoleRole.ADMIN) <= 1;
    }

    private int update(String what, String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            return Rows.update(p, args);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static User row(ResultSet rs) throws SQLException {
        ConsoleRole role = ConsoleRole.parse(rs.getString(2)).orElse(ConsoleRole.VIEWER);
        return new User(rs.getString(1), role, rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5),
                rs.getInt(6) == 0);
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
