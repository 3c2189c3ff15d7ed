package org.thermalcommons.edge.store;

import java.util.concurrent.atomic.AtomicLong;

/** The store's counters, written by the writer thread and enqueuing threads, read by metrics and health. */
final class StoreCounters {
    /** Samples written to the database. */
    final AtomicLong stored = new AtomicLong();
    /** Measurements not stored as samples by the deadband / minimum interval (they still count in the rollups). */
    final AtomicLong filtered = new AtomicLong();
    /** Repeats of a measurement already seen (same timestamp and quality). */
    final AtomicLong duplicates = new AtomicLong();
    /** Samples dropped because the queue was full. */
    final AtomicLong dropped = new AtomicLong();
    /** Samples dropped because their batch failed (rolled back). */
    final AtomicLong droppedByFailure = new AtomicLong();
    final AtomicLong auditDropped = new AtomicLong();
    final AtomicLong audits = new AtomicLong();
    final AtomicLong failedBatches = new AtomicLong();
    final AtomicLong rollupRows = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    /** Database file plus WAL, as of the last retention pass. */
    final AtomicLong bytes = new AtomicLong();
    /** Message of the last failed batch, null once a batch succeeded again. */
    volatile String lastFailure;
}
