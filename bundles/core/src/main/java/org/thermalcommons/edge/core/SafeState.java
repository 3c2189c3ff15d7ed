package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;

/**
 * Safe state: every writable point with a safe value is commanded to it at SAFETY priority (origin
 * {@value #ORIGIN}) through the command layer, then answers and read-backs are processed until every one is verified
 * or failed, or the wait is over. Runs on the thread that stops the cycle, after the cycle thread has ended.
 */
final class SafeState {
    static final String ORIGIN = "safe-state";
    private static final Logger LOG = LoggerFactory.getLogger(SafeState.class);
    private static final long POLL_NANOS = 20_000_000L;

    /** How it went: safe values written, verified by read-back, and how long it took (wall). */
    record Result(int written, int verified, Duration took) {
    }

    private final CommandTable commands;
    private final Sinks sinks;
    private final Supplier<PointSnapshot> snapshots;
    private final Supplier<Instant> clock;

    SafeState(CommandTable commands, Sinks sinks, Supplier<PointSnapshot> snapshots, Supplier<Instant> clock) {
        this.commands = commands;
        this.sinks = sinks;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    Result run(Duration maxWait) {
        long t0 = System.nanoTime();
        Instant now = clock.get();
        PointSnapshot snap = snapshots.get();
        Set<PointId> safe = new HashSet<>();
        for (PointDefinition d : snap.definitions().values()) {
            if (d.writable() && d.safeValue().isPresent()) {
                PointSink sink = sinks.sinkFor(d.id());
                if (sink != null) {
                    commands.force(new WriteRequest(d.id(), d.safeValue().getAsDouble(), WritePriority.SAFETY, ORIGIN),
                            d, sink, now);
                    safe.add(d.id());
                } else {
                    LOG.warn("Safe state: no sink writes {}; its safe value cannot be written", d.id());
                }
            }
        }
        commands.drainAnswers();
        commands.sendDue(clock.get(), sinks);
        long deadline = t0 + maxWait.toNanos();
        int verified = 0;
        while (true) {
            commands.drainAnswers();
            commands.verify(snapshots.get());
            commands.sendDue(clock.get(), sinks);
            Map<PointId, CommandState> states = commands.states(safe);
            verified = (int) states.values().stream().filter(s -> s == CommandState.VERIFIED).count();
            long settled = states.values().stream().filter(s -> s == CommandState.VERIFIED || s == CommandState.FAILED)
                    .count();
            if (settled == safe.size() || System.nanoTime() >= deadline) {
                break;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        commands.publish();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (verified == safe.size()) {
            LOG.info("Safe state: {} safe values written and verified in {} ms", safe.size(), took.toMillis());
        } else {
            LOG.warn("Safe state: {} safe values written, {} verified by read-back within {} ms; the others: {}",
                    safe.size(), verified, maxWait.toMillis(), commands.states(safe));
        }
        return new Result(safe.size(), verified, took);
    }
}
