package org.thermalcommons.edge.oem;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.sqlite.Rows;
import org.thermalcommons.edge.sqlite.SqliteFiles;

/**
 * The durable command log: the oem bundle's own SQLite file ({@code <data>/oem.db}), WAL with {@code synchronous=FULL},
 * so a transition that returned is on disk before the next step is taken. Every transition is a compare-and-set on the
 * state ({@link #move}), so a command superseded while its worker looked at it is never sent. One connection, guarded
 * by this monitor; never used from the control cycle.
 */
final class CommandLog implements AutoCloseable {
    /** One row: the command, its order of arrival and the wall time it arrived (for its maximum age). */
    record Entry(long seq, OemCommand command, long createdWallMillis) {
    }

    static final int MAX_REASON = 500;
    private static final String COLUMNS = "seq, id, device, verb, params, requested_by, state, attempts, reason,"
            + " created_ms, updated_ms, created_wall";

    private final Connection c;

    CommandLog(Path file) throws SQLException {
        c = SqliteFiles.openWal(file, SQLiteConfig.SynchronousMode.FULL);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS commands (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " id TEXT NOT NULL UNIQUE, device TEXT NOT NULL, verb TEXT NOT NULL, params TEXT NOT NULL,"
                    + " requested_by TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, reason TEXT,"
                    + " created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, created_wall INTEGER NOT NULL)");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS commands_state ON commands (state, seq)");
        }
    }

    synchronized Optional<Entry> find(String id) throws SQLException {
        List<Entry> r = query("SELECT " + COLUMNS + " FROM commands WHERE id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /**
     * Logs a new PENDING command, failing the device's older PENDING ones as superseded, in one transaction. Returns
     * the superseded commands (as they are now). The caller has checked that the id is new.
     */
    synchronized List<OemCommand> insert(OemCommand cmd, long wallMillis) throws SQLException {
        c.setAutoCommit(false);
        try {
            List<Entry> older = query("SELECT " + COLUMNS + " FROM commands WHERE device = ? AND state = ?",
                    cmd.deviceId(), OemCommandState.PENDING.name());
            String why = clip("superseded by " + cmd.id());
            update("UPDATE commands SET state = ?, reason = ?, updated_ms = ? WHERE device = ? AND state = ?",
                    OemCommandState.FAILED.name(), why, cmd.createdAt().toEpochMilli(), cmd.deviceId(),
                    OemCommandState.PENDING.name());
            update("INSERT INTO commands (id, device, verb, params, requested_by, state, attempts, reason, created_ms,"
                            + " updated_ms, created_wall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", cmd.id(),
                    cmd.deviceId(), cmd.action().verb(), encode(cmd.action().parameters()), cmd.requestedBy(),
                    cmd.state().name(), cmd.attempts(), cmd.reason().orElse(null), cmd.createdAt().toEpochMilli(),
                    cmd.updatedAt().toEpochMilli(), wallMillis);
            c.commit();
            List<OemCommand> out = new ArrayList<>();
            for (Entry e : older) {
                OemCommand o = e.command();
                out.add(new OemCommand(o.id(), o.deviceId(), o.action(), o.requestedBy(), OemCommandState.FAILED,
                        o.attempts(), Optional.of(why), o.createdAt(), cmd.createdAt()));
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Moves a command from {@code from} to {@code to} if it is still in {@code from}; returns whether it moved (durably).
     */
    synchronized boolean move(String id, OemCommandState from, OemCommandState to, int attempts, Optional<String> reason,
                              Instant at) throws SQLException {
        return update("UPDATE commands SET state = ?, attempts = ?, reason = ?, updated_ms = ? WHERE id = ? AND state = ?",
                to.name(), attempts, reason.map(CommandLog::clip).orElse(null), at.toEpochMilli(), id, from.name()) == 1;
    }

    /** Commands not COMPLETED or FAILED, oldest first. */
    synchronized List<Entry> unfinished() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM commands WHERE state NOT IN (?, ?) ORDER BY seq",
                OemCommandState.COMPLETED.name(), OemCommandState.FAILED.name());
    }

    /** One device's commands not COMPLETED or FAILED, oldest first. */
    synchronized List<Entry> unfinished(String device) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM commands WHERE device = ? AND state NOT IN (?, ?) ORDER BY seq",
                device, OemCommandState.COMPLETED.name(), OemCommandState.FAILED.name());
    }

    synchronized List<OemCommand> recent(int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM commands ORDER BY seq DESC LIMIT ?", limit).stream()
                .map(Entry::command).toList();
    }

    synchronized Map<OemCommandState, Long> counts() throws SQLException {
        Map<OemCommandState, Long> out = new EnumMap<>(OemCommandState.class);
        for (OemCommandState s : OemCommandState.values()) {
            out.put(s, 0L);
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT state, count(*) FROM commands GROUP BY state")) {
            while (r.next()) {
                out.put(OemCommandState.valueOf(r.getString(1)), r.getLong(2));
            }
        }
        return out;
    }

    /** Keeps at most {@code maxRows} rows: the oldest finished commands go first. Returns how many were deleted. */
    synchronized int prune(long maxRows) throws SQLException {
        long total = count();
        if (total <= maxRows) {
            return 0;
        }
        return update("DELETE FROM commands WHERE seq IN (SELECT seq FROM commands WHERE state IN (?, ?)"
                        + " ORDER BY seq LIMIT ?)", OemCommandState.COMPLETED.name(), OemCommandState.FAILED.name(),
                total - maxRows);
    }

    synchronized long count() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM commands")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    static String clip(String s) {
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON - 1) + "…";
    }

    /** Parameters as {@code name=value;...}, names sorted (names are letters and digits, values finite doubles). */
    static String encode(Map<String, Double> params) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return b.toString();
    }

    static Map<String, Double> decode(String s) {
        Map<String, Double> out = new TreeMap<>();
        if (!s.isEmpty()) {
            for (String kv : s.split(";")) {
                int eq = kv.indexOf('=');
                out.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
            }
        }
        return out;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            return Rows.update(p, args);
        }
    }

    private List<Entry> query(String sql, Object... args) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            Rows.bind(p, args);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    OemCommand cmd = new OemCommand(r.getString(2), r.getString(3),
                            new OemAction(r.getString(4), decode(r.getString(5))), r.getString(6),
                            OemCommandState.valueOf(r.getString(7)), r.getInt(8), Optional.ofNullable(r.getString(9)),
                            Instant.ofEpochMilli(r.getLong(10)), Instant.ofEpochMilli(r.getLong(11)));
                    out.add(new Entry(r.getLong(1), cmd, r.getLong(12)));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws SQLException {
        c.close();
    }
}
