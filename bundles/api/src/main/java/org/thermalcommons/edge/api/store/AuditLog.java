package org.thermalcommons.edge.api.store;

import java.time.Instant;
import java.util.List;

/** Append-only event log. */
public interface AuditLog {
    /** Queues an event; returns at once. */
    void record(AuditEvent event);

    /** Events at or after {@code since}, oldest first, at most {@code limit}. */
    List<AuditEvent> since(Instant since, int limit);
}
