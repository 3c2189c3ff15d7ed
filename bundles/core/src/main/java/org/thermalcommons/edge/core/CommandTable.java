package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.command.CommandCounters;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.WriteOutcome;

/**
 * Every point's {@link Command}, driven by the cycle thread: answers from the drivers (which arrive on driver threads
 * and are queued here, the only state shared with them), read-back against the snapshot, this cycle's winning
 * requests, relinquishes, and the sends that are due. Published as an immutable view for the {@link CommandRegistry}
 * after every cycle that changed something.
 */
final class CommandTable implements CommandRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(CommandTable.class);

    /** Where notable state changes go (log and audit). */
    interface Events {
        void changed(PointId point, String message);
    }

    private record Answer(PointId point, long seq, boolean relinquish, WriteOutcome outcome, Instant at, long nanos) {
    }

    private final LongSupplier nanoTime;
    private final Supplier<Instant> clock;
    private final Events events;
    private final Map<PointId, Command> commands = new HashMap<>();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private volatile Map<PointId, CommandStatus> published = Map.of();
    private volatile RetryTiming retry = RetryTiming.DEFAULT;

    CommandTable(LongSupplier nanoTime, Supplier<Instant> clock, Events events) {
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.events = events;
    }

    void configure(RetryTiming r) {
        retry = r;
    }

    /** Applies the answers that arrived since the last call. */
    void drainAnswers() {
        for (Answer a; (a = answers.poll()) != null; ) {
            Command c = commands.get(a.point());
            if (c == null) {
                continue;
            }
            if (a.relinquish()) {
                if (!a.outcome().isAccepted() && a.outcome().status() != WriteOutcome.Status.SUPERSEDED) {
                    events.changed(a.point(), "relinquish not confirmed by the device: " + a.outcome().status() + " "
                            + a.outcome().reason());
                }
                continue;
            }
            note(a.point(), c.outcome(a.seq(), a.outcome(), a.at(), a.nanos(), retry));
        }
    }

    /** Read-back of every command against the snapshot's good readings. */
    void verify(PointSnapshot snapshot) {
        long nanos = nanoTime.getAsLong();
        for (Command c : commands.values()) {
            if (!c.checkable()) {
                continue;
            }
            Verifier.Verdict v = Verifier.check(snapshot, c.point, c.commanded(), c.policy.tolerance(), c.ackAt());
            note(c.point, c.verdict(v, Verifier.reading(snapshot, c.point), snapshot.takenAt(), nanos, retry));
        }
    }

    /** This cycle's winning request for a point, with its definition and sink; clamped to the point's limits. */
    void offer(WriteRequest w, PointDefinition d, PointSink sink, Instant now) {
        Command c = command(d, sink, now);
        double value = c.commandedAt() == null || Double.isNaN(c.commanded()) ? d.limits().clamp(w.value())
                : d.limits().clamp(w.value(), c.commanded(),
                        Math.max(0, Duration.between(c.commandedAt(), now).toMillis() / 1000.0));
        c.want(value, w.priority(), w.origin(), now);
    }

    /** A safe value that must go out now (deadband and minimum interval do not apply). */
    void force(WriteRequest w, PointDefinition d, PointSink sink, Instant now) {
        command(d, sink, now).force(d.limits().clamp(w.value()), w.priority(), w.origin(), now);
    }

    private Command command(PointDefinition d, PointSink sink, Instant now) {
        Duration timeout = d.staleAfter();
        Command c = commands.computeIfAbsent(d.id(), p -> new Command(p, sink, d.writePolicy(), timeout, now));
        if (c.sink != sink) {
            c.sinkChanged(sink, now);
        }
        if (c.policy != d.writePolicy()) {
            c.policy(d.writePolicy(), timeout);
        }
        return c;
    }

    /** Relinquishes every active command whose point has no winning request any more. */
    void relinquishAllBut(Set<PointId> keep, Instant now) {
        for (Command c : commands.values()) {
            if (!keep.contains(c.point) && c.relinquish(now)) {
                long seq = c.seq();
                PointSink sink = c.sink;
                try {
                    sink.relinquish(c.point, o -> answer(c.point, seq, true, o));
                } catch (RuntimeException e) {
                    LOG.warn("Sink {} failed to relinquish {}: {}", Sinks.safeId(sink), c.point, e.toString());
                }
            }
        }
    }

    /** Hands every due write to its sink; returns the new values written (re-sends are not listed). */
    List<WriteRequest> sendDue(Instant now, Sinks sinks) {
        long nanos = nanoTime.getAsLong();
        List<WriteRequest> out = new ArrayList<>();
        for (Command c : commands.values()) {
            if (!sinks.contains(c.sink)) {
                continue;
            }
            long before = c.counters().reasserted();
            double v = c.nextSend(nanos, now, retry);
            if (Double.isNaN(v)) {
                continue;
            }
            long seq = c.seq();
            try {
                c.sink.write(c.point, v, o -> answer(c.point, seq, false, o));
            } catch (RuntimeException e) {
                answer(c.point, seq, false, WriteOutcome.unreachable("sink threw " + e));
            }
            if (c.counters().reasserted() == before) {
                CommandStatus s = c.status();
                out.add(new WriteRequest(c.point, v, s.priority(), s.origin()));
            }
        }
        out.sort((a, b) -> a.point().compareTo(b.point()));
        return out;
    }

    /** Called on a driver thread: queue it for the cycle thread. */
    private void answer(PointId p, long seq, boolean relinquish, WriteOutcome o) {
        answers.add(new Answer(p, seq, relinquish, o == null ? WriteOutcome.unreachable("no outcome") : o, now(),
                nanoTime.getAsLong()));
    }

    private Instant now() {
        try {
            return clock.get();
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private void note(PointId p, String message) {
        if (message != null) {
            events.changed(p, message);
        }
    }

    /** Makes this cycle's states visible to other threads. */
    void publish() {
        Map<PointId, CommandStatus> m = new TreeMap<>();
        for (Command c : commands.values()) {
            m.put(c.point, c.status());
        }
        published = java.util.Collections.unmodifiableMap(m);
    }

    /** States of the given points (cycle thread), e.g. while waiting for the safe state. */
    Map<PointId, CommandState> states(Set<PointId> points) {
        Map<PointId, CommandState> m = new HashMap<>();
        for (PointId p : points) {
            Command c = commands.get(p);
            if (c != null) {
                m.put(p, c.state());
            }
        }
        return m;
    }

    @Override
    public List<CommandStatus> commands() {
        return List.copyOf(published.values());
    }

    @Override
    public Optional<CommandStatus> command(PointId point) {
        return Optional.ofNullable(published.get(point));
    }

    /** Counters of every point added up. */
    CommandCounters totals() {
        long s = 0, a = 0, v = 0, r = 0, f = 0, re = 0;
        for (CommandStatus st : published.values()) {
            CommandCounters c = st.counters();
            s += c.sent();
            a += c.acknowledged();
            v += c.verified();
            r += c.refused();
            f += c.failed();
            re += c.reasserted();
        }
        return new CommandCounters(s, a, v, r, f, re);
    }
}
