package org.thermalcommons.edge.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** The migration runner on real SQLite files: fresh, older, newer, a failing step, two owners in one file. */
class VersionedSchemaTest {
    private static final List<String[]> STEPS = List.of(
            new String[] {"CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"},
            new String[] {"ALTER TABLE things ADD COLUMN colour TEXT"},
            new String[] {"CREATE INDEX things_name ON things(name)", "UPDATE things SET colour = 'grey' WHERE colour IS NULL"});
    private static final VersionedSchema SCHEMA = new VersionedSchema("things_schema", "thing schema", "Thing Keeper",
            "Run the newer version, or restore a backup", STEPS);

    @TempDir
    Path dir;

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("things.db"));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
            return r.getLong(1);
        }
    }

    @Test
    void aFreshFileGetsEveryStepAndTheLatestVersion() throws Exception {
        try (Connection c = connect()) {
            assertThat(SCHEMA.migrate(c)).as("the version before").isZero();
            assertThat(SCHEMA.version(c)).isEqualTo(3).isEqualTo(SCHEMA.latest());
            assertThat(count(c, "SELECT count(*) FROM sqlite_master WHERE name = 'things_name'")).isOne();
            assertThat(count(c, "SELECT count(*) FROM things_schema")).as("one version row").isOne();
            assertThat(c.getAutoCommit()).as("auto-commit restored").isTrue();
            assertThat(SCHEMA.migrate(c)).as("opened again: nothing to do").isEqualTo(3);
        }
    }

    @Test
    void aFileOfEachOlderVersionIsUpgradedAndKeepsItsRows() throws Exception {
        for (int v = 0; v < SCHEMA.latest(); v++) {
            Path file = dir.resolve("v" + v + ".db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                assertThat(SCHEMA.withSteps(STEPS.subList(0, v)).migrate(c)).isZero();
                if (v >= 1) {
                    s.execute("INSERT INTO things(id, name) VALUES (1, 'kettle')");
                }
                assertThat(SCHEMA.migrate(c)).as("from version " + v).isEqualTo(v);
                assertThat(SCHEMA.version(c)).isEqualTo(SCHEMA.latest());
                assertThat(count(c, "SELECT count(*) FROM things WHERE colour = 'grey'"))
                        .as("rows of version " + v + " went through the later steps").isEqualTo(v >= 1 ? 1 : 0);
            }
        }
    }

    @Test
    void aFileOfANewerVersionIsRefusedWithItsVersionsAndLeftUntouched() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE things_schema (version INTEGER NOT NULL)");
            s.execute("INSERT INTO things_schema VALUES (4)");
        }
        try (Connection c = connect()) {
            assertThatThrownBy(() -> SCHEMA.migrate(c)).isInstanceOfSatisfying(NewerSchemaException.class, e -> {
                assertThat(e.found()).isEqualTo(4);
                assertThat(e.known()).isEqualTo(3);
            }).hasMessage("it was written by a newer Thing Keeper (thing schema version 4; this version knows up to 3). "
                    + "Run the newer version, or restore a backup");
            assertThat(count(c, "SELECT count(*) FROM sqlite_master WHERE name = 'things'")).as("no step ran").isZero();
            assertThat(SCHEMA.version(c)).isEqualTo(4);
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + dir.resolve("things.db"))) {
            assertThatThrownBy(() -> SCHEMA.checkNotNewer(c)).isInstanceOf(NewerSchemaException.class)
                    .hasMessageContaining("(thing schema version 4; this version knows up to 3)");
        }
    }

    @Test
    void theReadOnlyCheckPassesAFileWithoutAVersionTableAndCreatesNothing() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE other (x INTEGER)");
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + dir.resolve("things.db"))) {
            SCHEMA.checkNotNewer(c);
            assertThat(VersionedSchema.tableExists(c, "things_schema")).isFalse();
            assertThat(VersionedSchema.tableExists(c, "other")).isTrue();
        }
    }

    @Test
    void aFailingStepIsRolledBackNamedInTheMessageAndLeavesTheVersionBeforeIt() throws Exception {
        VersionedSchema broken = SCHEMA.withSteps(List.of(STEPS.get(0), STEPS.get(1),
                new String[] {"CREATE TABLE half_done (x INTEGER)", "ALTER TABLE no_such_table ADD COLUMN y TEXT"}));
        try (Connection c = connect()) {
            assertThatThrownBy(() -> broken.migrate(c)).isInstanceOf(SQLException.class)
                    .isNotInstanceOf(NewerSchemaException.class)
                    .hasMessageStartingWith("thing schema migration 2 -> 3 failed: ")
                    .hasMessageContaining("no_such_table");
            assertThat(broken.version(c)).as("the steps before it are kept").isEqualTo(2);
            assertThat(VersionedSchema.tableExists(c, "half_done")).as("the failed step's first statement is undone").isFalse();
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(SCHEMA.migrate(c)).as("the fixed step runs on the next open").isEqualTo(2);
            assertThat(SCHEMA.version(c)).isEqualTo(3);
        }
    }

    @Test
    void twoOwnersOfOneFileKeepTheirOwnVersions() throws Exception {
        VersionedSchema other = new VersionedSchema("notes_schema", "note schema", "Note Keeper", "Restore a backup",
                List.<String[]>of(new String[] {"CREATE TABLE notes (text TEXT)"}));
        try (Connection c = connect()) {
            SCHEMA.migrate(c);
            assertThat(other.migrate(c)).isZero();
            assertThat(SCHEMA.version(c)).isEqualTo(3);
            assertThat(other.version(c)).isEqualTo(1);
        }
    }

    @Test
    void aVersionTableNameThatIsNotPlainIsRejected() {
        assertThatThrownBy(() -> new VersionedSchema("v; DROP TABLE x", "s", "w", "a", STEPS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain table name");
    }
}
