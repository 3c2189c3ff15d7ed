package org.thermalcommons.edge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.thermalcommons.edge.sqlite.NewerSchemaException;
import org.thermalcommons.edge.sqlite.VersionedSchema;

/**
 * The store's schema migrations keyed by version ({@code schema_version}), run by the shared {@link VersionedSchema}:
 * each migration in its own transaction together with the update of the version, so a database is always at exactly
 * one version. A database at a version this code does not know (written by a newer gateway) is refused, never written
 * to.
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

    /** The store's tables in {@code edge.db}, versioned in {@code schema_version}. */
    static final VersionedSchema SCHEMA = new VersionedSchema("schema_version", "schema", "COOL Edge",
            "Run the newer version, or move the file away to start a new database", STEPS);

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
        return SCHEMA.withSteps(steps).migrate(c);
    }

    /** Throws {@link NewerSchemaException} when the database (if it has a version yet) is newer than {@code steps}. */
    static void checkNotNewer(Connection c, List<String[]> steps) throws SQLException {
        SCHEMA.withSteps(steps).checkNotNewer(c);
    }

    static int version(Connection c) throws SQLException {
        return SCHEMA.version(c);
    }
}
