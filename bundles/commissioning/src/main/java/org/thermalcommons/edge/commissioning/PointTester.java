package org.thermalcommons.edge.commissioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.commissioning.PointTest;
import org.thermalcommons.edge.api.commissioning.TestRun;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;

/**
 * Point tests as a controller at {@link WritePriority#MANUAL_OVERRIDE}: a run reads every point of one configured
 * device from the cycle's snapshot, then writes each writable point in turn at a test value inside its limits through
 * the core's arbitration and command layer, follows the command (SENT → ACKNOWLEDGED → VERIFIED, or REFUSED/FAILED)
 * in the {@link CommandRegistry}, and releases the point again (RELINQUISHED) before the next. One run at a time per
 * device; a point that takes longer than {@code perPoint} wall time fails on its own and the run goes on.
 */
final class PointTester implements Controller {
    static final String ID = "commissioning-test";

    private final Clock clock;
    private final Supplier<Optional<CommandRegistry>> commands;
    private final Duration perPoint;
    private final Consumer<TestRun> onFinished;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private volatile PointSnapshot latest;

    PointTester(Clock clock, Supplier<Optional<CommandRegistry>> commands, Duration perPoint, Consumer<TestRun> onFinished) {
        this.clock = clock;
        this.commands = commands;
        this.perPoint = perPoint;
        this.onFinished = onFinished;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WritePriority priority() {
        return WritePriority.MANUAL_OVERRIDE;
    }

    /** Devices with points in the latest snapshot. */
    List<String> devices() {
        PointSnapshot s = latest;
        return s == null ? List.of() : s.definitions().keySet().stream().map(PointId::device).distinct().sorted().toList();
    }

    synchronized TestRun start(String device, String by) {
        PointSnapshot s = latest;
        if (s == null) {
            throw new IllegalArgumentException("device: no cycle has run yet, so no point can be tested");
        }
        List<PointDefinition> defs = s.definitions().values().stream().filter(d -> d.id().device().equals(device))
                .sorted((a, b) -> a.id().compareTo(b.id())).toList();
        if (defs.isEmpty()) {
            throw new IllegalArgumentException("device: '" + device + "' is not a configured device (known: " + devices() + ")");
        }
        if (runs.values().stream().anyMatch(r -> r.device.equals(device) && r.finished == null)) {
            throw new IllegalArgumentException("device: a test of '" + device + "' is already running");
        }
        Run r = new Run("t" + ids.incrementAndGet(), device, by, clock.instant());
        r.coreStarted = s.takenAt(); // command times are on the core's clock (the simulated one in the demo), not ours
        for (PointDefinition d : defs) {
            Optional<PointValue> v = s.value(d.id());
            r.points.add(new Step(d, v.map(x -> OptionalDouble.of(x.value())).orElse(OptionalDouble.empty()),
                    v.map(x -> x.quality().name()).orElse("NONE")));
        }
        r.points.stream().filter(p -> !p.def.writable()).forEach(p -> p.finish("read", clock.instant()));
        runs.put(r.id, r);
        while (runs.size() > 20) {
            runs.remove(runs.keySet().iterator().next());
        }
        r.checkDone(clock.instant(), onFinished);
        return r.view();
    }

    synchronized Optional<TestRun> get(String id) {
        return Optional.ofNullable(runs.get(id)).map(Run::view);
    }

    synchronized List<TestRun> all() {
        return runs.values().stream().map(Run::view).toList();
    }

    /** The value a writable point is tested at: inside its limits and away from its current value. */
    static double testValue(PointDefinition d, OptionalDouble current) {
        double min = Math.max(d.limits().min(), -1e6);
        double max = Math.min(d.limits().max(), 1e6);
        double mid = Math.rint((min + max) / 2);
        if (!d.limits().contains(mid)) {
            mid = (min + max) / 2;
        }
        double tol = Math.max(d.writePolicy().tolerance(), 0.01);
        if (current.isPresent() && Math.abs(current.getAsDouble() - mid) <= tol * 2) {
            double alt = Math.rint(mid + (max - mid) / 2);
            mid = d.limits().contains(alt) && alt != mid ? alt : (mid + max) / 2;
        }
        return mid;
    }

    /** Called after every cycle: follows the commands of the points under test. */
    synchronized void observe(PointSnapshot snapshot) {
        latest = snapshot;
        CommandRegistry reg = commands.get().orElse(null);
        Instant now = clock.instant();
        for (Run r : runs.values()) {
            if (r.finished != null) {
                continue;
            }
            Step s = r.current();
            if (s == null) {
                continue;
            }
            Optional<CommandStatus> c = reg == null ? Optional.empty() : reg.command(s.def.id());
            c.ifPresent(st -> s.saw(st, r.coreStarted));
            if (s.phase == Phase.WRITING && c.isPresent() && s.seenOurs) {
                CommandState st = c.get().state();
                if (st == CommandState.VERIFIED) {
                    s.phase = Phase.RELEASING;
                    s.verdict = "verified";
                } else if (st == CommandState.FAILED) {
                    s.phase = Phase.RELEASING;
                    s.verdict = "failed: " + c.get().reason().orElse("the command failed");
                }
            } else if (s.phase == Phase.RELEASING && c.isPresent()
                    && (c.get().state() == CommandState.RELINQUISHED || !c.get().origin().equals(ID))) {
                s.finish(s.verdict + ", relinquished", now);
            }
            if (s.phase != Phase.DONE && Duration.between(s.startedAt == null ? now : s.startedAt, now).compareTo(perPoint) > 0) {
                s.phase = s.phase == Phase.RELEASING ? Phase.DONE : Phase.RELEASING;
                s.verdict = (s.verdict == null ? "failed: not verified within " + perPoint.toSeconds() + " s" : s.verdict);
                if (s.phase == Phase.DONE) {
                    s.finish(s.verdict + ", release not seen within " + perPoint.toSeconds() + " s", now);
                }
            }
            r.checkDone(now, onFinished);
        }
    }

    @Override
    public synchronized void run(CycleContext context) {
        Instant now = clock.instant();
        for (Run r : runs.values()) {
            for (Step s : r.points) {
                if (s.phase == Phase.RELEASING || (s.phase == Phase.DONE && !s.released && s.def.writable())) {
                    context.release(s.def.id());
                    s.released = s.phase == Phase.DONE;
                }
            }
            Step s = r.current();
            if (s != null && s.phase != Phase.RELEASING) {
                if (s.phase == Phase.WAITING) {
                    s.phase = Phase.WRITING;
                    s.startedAt = now;
                    s.testValue = OptionalDouble.of(testValue(s.def, s.value));
                }
                context.request(s.def.id(), s.testValue.getAsDouble());
            }
        }
    }

    enum Phase { WAITING, WRITING, RELEASING, DONE }

    private static final class Step {
        final PointDefinition def;
        final OptionalDouble value;
        final String quality;
        final List<String> states = new ArrayList<>();
        Phase phase = Phase.WAITING;
        OptionalDouble testValue = OptionalDouble.empty();
        Instant startedAt;
        Instant at;
        String verdict;
        String outcome = "running";
        boolean seenOurs;
        boolean released;
        private String last = "";

        Step(PointDefinition def, OptionalDouble value, String quality) {
            this.def = def;
            this.value = value;
            this.quality = quality;
        }

        void saw(CommandStatus st, Instant runStart) {
            if (phase == Phase.WAITING || st.since().isBefore(runStart)) {
                return;
            }
            if (st.origin().equals(ID)) {
                seenOurs = true;
            }
            String key = st.state() + "@" + st.since().toEpochMilli();
            if (!key.equals(last) && (seenOurs || st.state() == CommandState.RELINQUISHED)) {
                states.add(key);
                last = key;
            }
        }

        void finish(String outcome, Instant now) {
            this.outcome = outcome;
            this.phase = Phase.DONE;
            this.at = now;
        }

        PointTest view(Instant now) {
            return new PointTest(def.id().toString(), def.role().toString(), value, quality, def.writable(), testValue,
                    states, outcome, at == null ? now : at);
        }
    }

    private static final class Run {
        final String id;
        final String device;
        final String by;
        final Instant started;
        Instant coreStarted;
        final List<Step> points = new ArrayList<>();
        Instant finished;

        Run(String id, String device, String by, Instant started) {
            this.id = id;
            this.device = device;
            this.by = by;
            this.started = started;
        }

        Step current() {
            return points.stream().filter(p -> p.def.writable() && p.phase != Phase.DONE).findFirst().orElse(null);
        }

        void checkDone(Instant now, Consumer<TestRun> onFinished) {
            if (finished == null && points.stream().allMatch(p -> p.phase == Phase.DONE)) {
                finished = now;
                onFinished.accept(view());
            }
        }

        TestRun view() {
            Instant now = finished == null ? started : finished;
            return new TestRun(id, device, by, started, Optional.ofNullable(finished), points.stream().map(p -> p.view(now)).toList());
        }
    }
}
