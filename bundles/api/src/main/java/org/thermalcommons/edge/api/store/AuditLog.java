package org.thermalcommons.edge.api.store;

import java.time.Instant;
import java.util.List;

/** Append-only event log. */
public interface AuditLog {
    /** Queues an event; returns at once. */
    void record(AuditEvent event);

    /** Events at or after {@code since}, oldest first, at most {@code limit}. */
    List<AuditEvent> since(Instant since, int limit);

    /**
     * What one person did: the events whose {@link AuditEvent#actor() actor} is {@code actor}, newest first, skipping
     * the {@code offset} newest, at most {@code limit}. The default scans {@link #since} (at most 100,000 events);
     * a log with an index on the actor answers directly.
     *
     * @since 1.2
     */
    default List<AuditEvent> byActor(String actor, int offset, int limit) {
        List<AuditEvent> all = since(Instant.EPOCH, 100_000);
        List<AuditEvent> mine = new java.util.ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && mine.size() < (long) offset + limit; i--) {
            if (all.get(i).actor().filter(actor::equals).isPresent()) {
                mine.add(all.get(i));
            }
        }
        return List.copyOf(mine.subList(Math.min(offset, mine.size()), mine.size()));
    }
}
