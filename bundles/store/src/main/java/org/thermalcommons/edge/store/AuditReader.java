package org.thermalcommons.edge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.store.AuditEvent;

/**
 * Audit log queries on the read connection: by time (oldest first) and by actor (newest first, through the
 * {@code audit_actor_ts} index). Shares the read connection's lock with the {@link HistoryReader}.
 */
final class AuditReader {
    private static final String COLUMNS = "SELECT ts, category, subject, message, actor FROM audit ";

    private final Connection c;
    private final Object lock;

    AuditReader(Connection c, Object lock) {
        this.c = c;
        this.lock = lock;
    }

    List<AuditEvent> since(Instant since, int limit) {
        synchronized (lock) {
            try (PreparedStatement q = c.prepareStatement(COLUMNS + "WHERE ts >= ? ORDER BY ts, id LIMIT ?")) {
                q.setLong(1, since.toEpochMilli());
                q.setInt(2, Math.max(0, limit));
                return read(q);
            } catch (SQLException e) {
                throw new IllegalStateException("audit query failed: " + e.getMessage(), e);
            }
        }
    }

    List<AuditEvent> byActor(String actor, int offset, int limit) {
        synchronized (lock) {
            try (PreparedStatement q = c.prepareStatement(COLUMNS + "WHERE actor = ? ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?")) {
                q.setString(1, actor);
                q.setInt(2, Math.max(0, limit));
                q.setInt(3, Math.max(0, offset));
                return read(q);
            } catch (SQLException e) {
                throw new IllegalStateException("audit query for actor " + actor + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static List<AuditEvent> read(PreparedStatement q) throws SQLException {
        List<AuditEvent> out = new ArrayList<>();
        try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(new AuditEvent(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4),
                        Optional.ofNullable(r.getString(5))));
            }
        }
        return out;
    }
}
