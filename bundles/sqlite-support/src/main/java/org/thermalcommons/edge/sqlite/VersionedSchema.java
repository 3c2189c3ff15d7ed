package org.thermalcommons.edge.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The schema of one owner's tables in a SQLite file, by version: the version is one row in the owner's own version
 * table (so two owners can share a file, each with its own lifecycle), and step {@code i} brings the schema from
 * version {@code i} to {@code i + 1}. Each step runs in its own transaction together with the update of the version,
 * so the tables are always at exactly one version and a failed step changes nothing. A file at a version these steps
 * do not know (written by a newer version of the owner) is refused, never written to.
 */
public final class VersionedSchema {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final String versionTable;
    private final String name;
    private final String writer;
    private final String advice;
    private final List<String[]> steps;

    /**
     * @param versionTable the owner's version table, e.g. {@code schema_version} (lower case letters, digits, _)
     * @param name         what the schema is called in messages, e.g. {@code "user schema"}: "user schema migration
     *                     1 -> 2 failed: ...", "... (user schema version 3; this version knows up to 2)"
     * @param writer       who writes such files, for the refusal of a newer one, e.g. {@code "COOL Edge console"}
     * @param advice       what to do about a newer file, e.g. {@code "Run the newer version, or restore a backup"}
     * @param steps        the SQL statements of each step, oldest first
     */
    public VersionedSchema(String versionTable, String name, String writer, String advice, List<String[]> steps) {
        if (!NAME.matcher(versionTable).matches()) {
            throw new IllegalArgumentException("not a plain table name: " + versionTable);
        }
        this.versionTable = versionTable;
        this.name = name;
        this.writer = writer;
        this.advice = advice;
        List<String[]> copy = new ArrayList<>(steps.size());
        for (String[] step : steps) {
            copy.add(step.clone());
        }
        this.steps = List.copyOf(copy);
    }

    /** The same schema with other steps (e.g. only the first ones, to write a file of an older version). */
    public VersionedSchema withSteps(List<String[]> other) {
        return new VersionedSchema(versionTable, name, writer, advice, other);
    }

    /** The version the steps lead to. */
    public int latest() {
        return steps.size();
    }

    public String versionTable() {
        return versionTable;
    }

    /**
     * Applies the missing steps, each in its own transaction with the new version; returns the version before. Call it
     * with no transaction open on {@code c}; its auto-commit mode is restored.
     *
     * @throws NewerSchemaException when the file is at a version newer than the steps know (nothing is changed but
     *                              an empty version table created where there was none)
     * @throws SQLException         when a step fails: "<name> migration v -> v+1 failed: <why>", the step rolled back
     *                              and the file left at version {@code v}
     */
    public int migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " (version INTEGER NOT NULL)");
        }
        int version = version(c);
        refuseNewer(version);
        boolean auto = c.getAutoCommit();
        for (int v = version; v < steps.size(); v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : steps.get(v)) {
                    s.execute(sql);
                }
                s.execute("DELETE FROM " + versionTable);
                s.execute("INSERT INTO " + versionTable + "(version) VALUES (" + (v + 1) + ")");
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw new SQLException(name + " migration " + v + " -> " + (v + 1) + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
        }
        return version;
    }

    /**
     * Checks, without writing anything (a read-only connection will do), that {@link #migrate} would not refuse the
     * file: it has no version table yet or is at a version the steps know.
     */
    public void checkNotNewer(Connection c) throws SQLException {
        if (tableExists(c, versionTable)) {
            refuseNewer(version(c));
        }
    }

    /** The file's version (0 for an empty version table); the version table must exist. */
    public int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM " + versionTable)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** Whether the file has a table of that name. */
    public static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getInt(1) > 0;
            }
        }
    }

    private void refuseNewer(int version) throws NewerSchemaException {
        if (version > steps.size()) {
            throw new NewerSchemaException(version, steps.size(), "it was written by a newer " + writer + " (" + name
                    + " version " + version + "; this version knows up to " + steps.size() + "). " + advice);
        }
    }
}
