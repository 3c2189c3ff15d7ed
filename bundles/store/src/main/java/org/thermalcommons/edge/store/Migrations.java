package org.thermalcommons.edge.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Schema migrations keyed by version. Each migration runs in its own transaction together with the update of
 * {@code schema_version}, so a database is always at exactly one version. A database at a version this code does not
 * know (written by a newer gateway) is refused, never written to.
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
            },
            new String[] {
                // Version 3: stable codes and compact storage.
                // - points get their role, unit and signal kind (Codes) from the point definitions;
                // - samples become one clustered B-tree keyed by (point, ts, quality) with the unit code beside the
                //   value (no rowid, no second index: retention deletes per point by key range). Quality was stored as
                //   the Quality enum's ordinal (GOOD 0, STALE 1, FAULT 2), which is exactly its stable code, so it is
                //   copied as it is; the unit of old rows is unknown (NULL, read as NONE);
                // - rollups: one row per (level, point, bucket start in seconds) with count, sum, min, max, last and
                //   the last value's offset in the bucket (ms).
                "ALTER TABLE points ADD COLUMN role TEXT",
                "ALTER TABLE points ADD COLUMN unit INTEGER",
                "ALTER TABLE points ADD COLUMN kind INTEGER",
                "CREATE TABLE samples_v3 (point INTEGER NOT NULL, ts INTEGER NOT NULL, quality INTEGER NOT NULL, "
                        + "value REAL NOT NULL, unit INTEGER, PRIMARY KEY (point, ts, quality)) WITHOUT ROWID",
                "INSERT OR IGNORE INTO samples_v3(point, ts, quality, value, unit) SELECT point, ts, quality, value, NULL FROM samples",
                "DROP TABLE samples",
                "ALTER TABLE samples_v3 RENAME TO samples",
                "CREATE TABLE rollups (level INTEGER NOT NULL, point INTEGER NOT NULL, start INTEGER NOT NULL, "
                        + "n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, last REAL NOT NULL, "
                        + "last_ms INTEGER NOT NULL, PRIMARY KEY (level, point, start)) WITHOUT ROWID"
            },
            new String[] {
                // Version 4: who did it (a console username; NULL for what the gateway did by itself), indexed for the
                // console's per-user audit view. Console events written before carry the actor only in the message,
                // as "<username> (<role>): <what>": it is copied out of those.
                "ALTER TABLE audit ADD COLUMN actor TEXT",
                "UPDATE audit SET actor = substr(message, 1, instr(message, ' (') - 1) WHERE category = 'console' "
                        + "AND instr(message, ' (') > 1 AND instr(message, ' ') = instr(message, ' (') "
                        + "AND (substr(message, instr(message, ' (') + 2, 8) = 'admin): ' "
                        + "OR substr(message, instr(message, ' (') + 2, 12) = 'installer): ' "
                        + "OR substr(message, instr(message, ' (') + 2, 9) = 'viewer): ')",
                "CREATE INDEX audit_actor_ts ON audit(actor, ts) WHERE actor IS NOT NULL"
            });

    private Migrations() {
    }

    static int latest() {
        return STEPS.size();
    }

    /**
     * Applies the missing migrations; returns the version before.
     *
     * @throws NewerSchemaException when the database is at a version newer than {@code steps} know
     */
    static int migrate(Connection c, List<String[]> steps) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int version = version(c);
        if (version > steps.size()) {
            throw new NewerSchemaException(version, steps.size());
        }
        boolean auto = c.getAutoCommit();
        for (int v = version; v < steps.size(); v++) {
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

    /** Throws {@link NewerSchemaException} when the database (if it has a version yet) is newer than {@code steps}. */
    static void checkNotNewer(Connection c, List<String[]> steps) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
            if (r.next() && r.getInt(1) == 0) {
                return;
            }
        }
        int version = version(c);
        if (version > steps.size()) {
            throw new NewerSchemaException(version, steps.size());
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** The database was written by a newer gateway: this one must not touch it. */
    static final class NewerSchemaException extends SQLException {
        private static final long serialVersionUID = 1L;

        NewerSchemaException(int found, int known) {
            super("it was written by a newer COOL Edge (schema version " + found + "; this version knows up to "
                    + known + "). Run the newer version, or move the file away to start a new database");
        }
    }
}
