package org.thermalcommons.edge.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig.SynchronousMode;

/** Opening a file with the shared pragmas, and the row helpers. */
class SqliteFilesTest {
    @TempDir
    Path dir;

    private static Object pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); var r = s.executeQuery("PRAGMA " + name)) {
            return r.getObject(1);
        }
    }

    @Test
    void aFileIsOpenedInWalModeWithItsSynchronousLevelAndTheBusyTimeoutCreatingItsDirectory() throws Exception {
        Path file = dir.resolve("data/sub/x.db");
        try (Connection full = SqliteFiles.openWal(file, SynchronousMode.FULL);
             Connection normal = SqliteFiles.wal(file, SynchronousMode.NORMAL).getConnection()) {
            assertThat(file).exists();
            assertThat(pragma(full, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(full, "synchronous")).isEqualTo(2);
            assertThat(pragma(normal, "synchronous")).isEqualTo(1);
            assertThat(pragma(full, "busy_timeout")).isEqualTo(SqliteFiles.BUSY_TIMEOUT_MS);
        }
    }

    @Test
    void rowsAreReadAsColumnValuesWithBoundArguments() throws Exception {
        try (Connection c = SqliteFiles.openWal(dir.resolve("x.db"), SynchronousMode.FULL)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k TEXT, v REAL)");
            }
            try (var p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                assertThat(Rows.update(p, "a", 1.5)).isOne();
                assertThat(Rows.update(p, "b", null)).isOne();
            }
            try (var p = c.prepareStatement("SELECT k, v FROM t WHERE k >= ? ORDER BY k")) {
                assertThat(Rows.query(p, "a")).containsExactly(new Object[] {"a", 1.5}, new Object[] {"b", null});
                assertThat(Rows.query(p, "b")).as("the statement is reused with new arguments").hasSize(1);
            }
            try (var p = c.prepareStatement("SELECT sum(v) FROM t WHERE k = ?")) {
                assertThat(Rows.firstLong(Rows.query(p, "a"))).isOne();
                assertThat(Rows.firstLong(Rows.query(p, "none"))).as("NULL").isZero();
            }
            assertThat(Rows.firstLong(List.of())).isZero();
        }
    }
}
