package org.thermalcommons.edge.console.auth;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The user tables' schema in {@code console.db}, by version (table {@code users_schema}; the override table in the
 * same file has its own lifecycle). Each step runs in one transaction with the version update, so an upgraded gateway
 * keeps its accounts and a failed step changes nothing. A file written by a newer console is refused, never written.
 */
final class UserSchema {
    /** Step {@code i} brings the schema from version {@code i} to {@code i + 1}. */
    static final List<String[]> STEPS = List.of(
            new String[] {
                // Version 1: the accounts as the first console stored them (a file from then has this table and no
                // version table: it is at version 0 and this step leaves it as it is).
                "CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, role TEXT NOT NULL, "
                        + "hash TEXT NOT NULL, created_ms INTEGER NOT NULL, created_by TEXT NOT NULL)"
            },
            new String[] {
                // Version 2: accounts can be disabled; one pending password reset link per account, only its hash.
                "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE users ADD COLUMN password_ms INTEGER",
                "CREATE TABLE reset_links (username TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, "
                        + "issued_ms INTEGER NOT NULL, issued_by TEXT NOT NULL, expires_ms INTEGER NOT NULL)"
            });

    private UserSchema() {
    }

    static int latest() {
        return STEPS.size();
    }

    /** Applies the missing steps; returns the version before. */
    static int migrate(Connection c, List<String[]> steps) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS users_schema (version INTEGER NOT NULL)");
        }
        int version = version(c);
        if (version > steps.size()) {
            throw new SQLException("it was written by a newer COOL Edge console (user schema version " + version
                    + "; this version knows up to " + steps.size() + "). Run the newer version, or restore a backup");
        }
        boolean auto = c.getAutoCommit();
        for (int v = version; v < steps.size(); v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : steps.get(v)) {
                    s.execute(sql);
                }
                s.execute("DELETE FROM users_schema");
                s.execute("INSERT INTO users_schema(version) VALUES (" + (v + 1) + ")");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("user schema migration " + v + " -> " + (v + 1) + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
        }
        return version;
    }

    /** Whether the file has accounts already (of whatever version): a file from the first console has no version table. */
    static boolean hasUsersTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'")) {
            return r.next() && r.getInt(1) > 0;
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM users_schema")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
