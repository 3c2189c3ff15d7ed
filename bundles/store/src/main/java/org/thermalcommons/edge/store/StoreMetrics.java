package org.thermalcommons.edge.store;

import java.util.Map;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.metrics.MetricsCollector;

/** The store's counters as metrics, and its health from them. Reads counters only (no I/O). */
final class StoreMetrics {
    private final Database db;
    private long droppedAtLastHealth;

    StoreMetrics(Database db) {
        this.db = db;
    }

    void collect(MetricsCollector out) {
        StoreCounters c = db.counters();
        Map<String, String> none = Map.of();
        out.gauge("cool_edge_store_queue_depth", "Samples waiting for the store's writer", none, db.queued());
        out.counter("cool_edge_store_samples_written_total", "Samples written to the database", none, c.stored.get());
        out.counter("cool_edge_store_samples_filtered_total",
                "Measurements not stored as samples (deadband, minimum interval); they still count in the rollups", none, c.filtered.get());
        out.counter("cool_edge_store_samples_dropped_total", "Samples dropped", Map.of("reason", "queue_full"), c.dropped.get());
        out.counter("cool_edge_store_samples_dropped_total", "Samples dropped", Map.of("reason", "batch_failed"), c.droppedByFailure.get());
        out.counter("cool_edge_store_rollup_rows_written_total", "Rollup rows written (1 min, 15 min, 1 h, 1 d)", none, c.rollupRows.get());
        out.counter("cool_edge_store_audit_events_written_total", "Audit events written", none, c.audits.get());
        out.counter("cool_edge_store_audit_events_dropped_total", "Audit events dropped (queue full)", none, c.auditDropped.get());
        out.counter("cool_edge_store_batch_failures_total", "Transactions that failed and were rolled back", none, c.failedBatches.get());
        out.counter("cool_edge_store_samples_deleted_total", "Samples deleted by retention", none, c.deleted.get());
        out.gauge("cool_edge_store_database_bytes", "Size of the database file and its WAL (at the last retention pass)", none, c.bytes.get());
    }

    synchronized Health health() {
        StoreCounters c = db.counters();
        String failure = c.lastFailure;
        if (failure != null) {
            return Health.down("writing to " + db.file() + " fails: " + failure);
        }
        long dropped = c.dropped.get();
        boolean dropping = dropped > droppedAtLastHealth;
        droppedAtLastHealth = dropped;
        return dropping ? Health.degraded("samples dropped since the last check: the writer does not keep up")
                : Health.up();
    }
}
