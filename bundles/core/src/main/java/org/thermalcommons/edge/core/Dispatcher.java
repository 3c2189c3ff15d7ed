package org.thermalcommons.edge.core;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;

/**
 * The command phase of a cycle: answers in, read-back, the arbitrated winners checked (known, writable, a sink) and
 * offered to their commands, points no one requests relinquished, due sends out, and the new state published.
 * Cycle thread only, except {@link #rejectedWrites()}.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final CommandTable commands;
    private final Sinks sinks;
    private final Set<PointId> rejectedPoints = new HashSet<>();
    private final AtomicLong rejectedWrites = new AtomicLong();

    Dispatcher(CommandTable commands, Sinks sinks) {
        this.commands = commands;
        this.sinks = sinks;
    }

    /** Returns the new values handed to sinks this cycle, sorted by point. */
    List<WriteRequest> dispatch(Map<PointId, WriteRequest> winners, PointSnapshot snapshot, Instant now) {
        commands.drainAnswers();
        commands.verify(snapshot);
        for (WriteRequest w : winners.values()) {
            PointDefinition d = snapshot.definitions().get(w.point());
            String why = d == null ? "no source supplies this point" : !d.writable() ? "the point is not writable" : null;
            PointSink sink = why == null ? sinks.sinkFor(w.point()) : null;
            if (why == null && sink == null) {
                why = "no sink writes this point";
            }
            if (why != null) {
                rejectedWrites.incrementAndGet();
                if (rejectedPoints.add(w.point())) {
                    LOG.warn("Write to {} by '{}' rejected: {}", w.point(), w.origin(), why);
                }
                continue;
            }
            rejectedPoints.remove(w.point());
            commands.offer(w, d, sink, now);
        }
        commands.relinquishAllBut(winners.keySet(), now);
        List<WriteRequest> writes = commands.sendDue(now, sinks);
        commands.publish();
        return writes;
    }

    long rejectedWrites() {
        return rejectedWrites.get();
    }
}
