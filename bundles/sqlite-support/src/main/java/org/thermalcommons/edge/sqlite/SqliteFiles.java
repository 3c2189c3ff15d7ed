package org.thermalcommons.edge.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.sqlite.SQLiteDataSource;

/**
 * Opening a SQLite file the way every owner of one does: write-ahead log, the owner's {@code synchronous} level
 * ({@code FULL}: a committed transaction survives a power loss; {@code NORMAL}: it may be lost, the file is never
 * corrupted) and a busy timeout of {@value #BUSY_TIMEOUT_MS} ms, so a second connection to the same file waits for a
 * writer instead of failing.
 */
public final class SqliteFiles {
    public static final int BUSY_TIMEOUT_MS = 5_000;

    private SqliteFiles() {
    }

    /** A data source for {@code file} in WAL mode with {@code sync}; each of its connections has these settings. */
    public static SQLiteDataSource wal(Path file, SynchronousMode sync) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(sync);
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return ds;
    }

    /** Creates the file's directory if it is missing and opens one connection ({@link #wal}). */
    public static Connection openWal(Path file, SynchronousMode sync) throws SQLException {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SQLException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        return wal(file, sync).getConnection();
    }
}
