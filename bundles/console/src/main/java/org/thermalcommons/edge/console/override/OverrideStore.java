package org.thermalcommons.edge.console.override;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.thermalcommons.edge.api.point.PointId;

/**
 * Manual overrides that outlive a restart: table {@code overrides} in the console's own database ({@code console.db},
 * WAL, {@code synchronous=FULL}), written when an installer sets or clears one (never on the cycle thread). An
 * override whose expiry passed (also while the gateway was down) is not loaded and is deleted.
 */
public final class OverrideStore implements AutoCloseable {
    private final Connection db;
    private final Path file;

    private OverrideStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static OverrideStore open(Path file) {
        try {
            SQLiteConfig cfg = new SQLiteConfig();
            cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
            cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            cfg.setBusyTimeout(5_000);
            SQLiteDataSource ds = new SQLiteDataSource(cfg);
            ds.setUrl("jdbc:sqlite:" + file);
            Connection c = ds.getConnection();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS overrides (point TEXT PRIMARY KEY, value REAL NOT NULL, "
                        + "until_ms INTEGER NOT NULL, set_by TEXT NOT NULL, set_ms INTEGER NOT NULL)");
            }
            return new OverrideStore(file, c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the console's override table in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The overrides still running at {@code now}; deletes the expired ones. */
    public synchronized List<ManualOverride> load(Instant now) {
        List<ManualOverride> out = new ArrayList<>();
        try {
            try (PreparedStatement d = db.prepareStatement("DELETE FROM overrides WHERE until_ms <= ?")) {
                d.setLong(1, now.toEpochMilli());
                d.executeUpdate();
            }
            try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT point, value, until_ms, set_by, set_ms FROM overrides ORDER BY point")) {
                while (r.next()) {
                    out.add(new ManualOverride(PointId.parse(r.getString(1)), r.getDouble(2),
                            Instant.ofEpochMilli(r.getLong(3)), r.getString(4), Instant.ofEpochMilli(r.getLong(5))));
                }
            }
        } catch (SQLException e) {
            throw failure("load overrides", e);
        }
        return out;
    }

    public synchronized void save(ManualOverride o) {
        try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, o.point().toString());
            p.setDouble(2, o.value());
            p.setLong(3, o.until().toEpochMilli());
            p.setString(4, o.by());
            p.setLong(5, o.set().toEpochMilli());
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure("save the override of " + o.point(), e);
        }
    }

    public synchronized void remove(PointId point) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM overrides WHERE point = ?")) {
            p.setString(1, point.toString());
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure("remove the override of " + point, e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("console database " + file + ": cannot " + what + ": " + e.getMessage(), e);
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
