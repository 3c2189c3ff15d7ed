package org.thermalcommons.edge.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Schema migrations keyed by version. Each migration runs in its own transaction together with the update of
 * {@code schema_version}, so a database is always at exactly one version. Later issues append migrations.
 */
final class Migrations {
    /** Migration {@code i} brings the schema from version {@code i} to {@code i + 1}. */
    static final List<String[]> STEPS = List.of(
            new String[] {
                "CREATE TABLE points (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
                "CREATE TABLE samples (point INTEGER NOT NULL REFERENCES points(id), ts INTEGER NOT NULL, value REAL NOT NULL, quality INTEGER NOT NULL)",
                "CREATE INDEX samples_point_ts ON samples(point, ts)",
                "CREATE TABLE audit (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, category TEXT NOT NULL, subject TEXT NOT NULL, message TEXT NOT NULL)",
                "CREATE INDEX audit_ts ON audit(ts)"
            },
            new String[] {
                // Retention deletes by time across all points.
                "CREATE INDEX samples_ts ON samples(ts)"
            });

    private Migrations() {
    }

    static int latest() {
        return STEPS.size();
    }

    /** Applies the missing migrations; returns the version before. */
    static int migrate(Connection c, List<String[]> steps) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int version = version(c);
        for (int v = version; v < steps.size(); v++) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : steps.get(v)) {
                    s.execute(sql);
                }
                s.execute("DELETE FROM schema_version");
                s.execute("INSERT INTO schema_version(version) VALUES (" + (v + 1) + ")");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("schema migration " + v + " -> " + (v + 1) + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
        }
        return version;
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
