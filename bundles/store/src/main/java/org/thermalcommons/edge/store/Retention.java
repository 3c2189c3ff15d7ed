package org.thermalcommons.edge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.store.Resolution;

/**
 * Deletes what is older than its retention, on the writer thread: samples and each rollup level per point (by key
 * range, one point at a time, so each statement is small), audit events by time in chunks.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final int AUDIT_CHUNK = 20_000;

    private final Map<Resolution, Duration> retention;
    private final Duration auditRetention;

    Retention(Map<Resolution, Duration> retention, Duration auditRetention) {
        this.retention = Map.copyOf(retention);
        this.auditRetention = auditRetention;
    }

    /** Returns the number of samples deleted. */
    long run(Connection c, List<Long> points, Instant now) throws SQLException {
        long samples = 0;
        long rollups = 0;
        try (PreparedStatement s = c.prepareStatement("DELETE FROM samples WHERE point = ? AND ts < ?");
             PreparedStatement r = c.prepareStatement("DELETE FROM rollups WHERE level = ? AND point = ? AND start < ?")) {
            for (long p : points) {
                s.setLong(1, p);
                s.setLong(2, now.minus(retention.get(Resolution.RAW)).toEpochMilli());
                samples += s.executeUpdate();
                for (Resolution level : Levels.ROLLUPS) {
                    r.setInt(1, Levels.code(level));
                    r.setLong(2, p);
                    r.setLong(3, now.minus(retention.get(level)).getEpochSecond());
                    rollups += r.executeUpdate();
                }
            }
        }
        long audit = 0;
        try (PreparedStatement del = c.prepareStatement(
                "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE ts < ? LIMIT " + AUDIT_CHUNK + ")")) {
            del.setLong(1, now.minus(auditRetention).toEpochMilli());
            int n;
            do {
                n = del.executeUpdate();
                audit += n;
            } while (n == AUDIT_CHUNK);
        }
        if (samples + rollups + audit > 0) {
            LOG.info("Retention: deleted {} samples, {} rollup rows and {} audit events", samples, rollups, audit);
        }
        return samples;
    }
}
