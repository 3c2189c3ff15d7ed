package org.thermalcommons.edge.console.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.thermalcommons.edge.sqlite.VersionedSchema;

/**
 * The user tables' schema in {@code console.db}, by version (table {@code users_schema}; the override table in the
 * same file has its own lifecycle), run by the shared {@link VersionedSchema}. Each step runs in one transaction with
 * the version update, so an upgraded gateway keeps its accounts and a failed step changes nothing. A file written by a
 * newer console is refused, never written.
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

    /** The runner: version table {@code users_schema}, the console's wording for a newer file and a failed step. */
    static final VersionedSchema SCHEMA = new VersionedSchema("users_schema", "user schema", "COOL Edge console",
            "Run the newer version, or restore a backup", STEPS);

    private UserSchema() {
    }

    static int latest() {
        return STEPS.size();
    }

    /** Applies the missing steps; returns the version before. */
    static int migrate(Connection c, List<String[]> steps) throws SQLException {
        return SCHEMA.withSteps(steps).migrate(c);
    }

    /** Whether the file has accounts already (of whatever version): a file from the first console has no version table. */
    static boolean hasUsersTable(Connection c) throws SQLException {
        return VersionedSchema.tableExists(c, "users");
    }

    static int version(Connection c) throws SQLException {
        return SCHEMA.version(c);
    }
}
