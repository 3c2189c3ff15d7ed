package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleListener;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * One control cycle, without OSGi: snapshot ({@link Snapshots}), controllers in priority order
 * ({@link ControllerRunner}, bounded in time), arbitration of latched requests ({@link Arbiter}), and the command layer
 * ({@link CommandTable}: clamping, deadband, minimum interval, read-back, re-sends, relinquish), then listeners.
 * {@link #runCycle(Duration)} is called by one thread at a time (the cycle thread); registration methods may be
 * called from any thread.
 */
final class CycleEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CycleEngine.class);

    /** Stops the bundle that registered a runaway controller; returns what it did, for the log and audit. */
    interface BundleStopper {
        String stop(long bundleId);
    }

    private final LongSupplier nanoTime;
    private final AtomicReference<EdgeClock> clock = new AtomicReference<>();
    private final AtomicReference<AuditLog> audit = new AtomicReference<>();
    private final AtomicReference<BundleStopper> stopper = new AtomicReference<>();
    private final Snapshots snapshots = new Snapshots();
    private final Sinks sinks = new Sinks();
    private final List<CycleListener> listeners = new CopyOnWriteArrayList<>();
    private final ControllerSet controllers;
    private final ControllerRunner runner = new ControllerRunner(this::runaway);
    final CommandTable commands;
    private final Dispatcher dispatcher;
    private final ShadowRecorder shadow = new ShadowRecorder();

    private volatile Duration period = Duration.ofSeconds(1);
    private volatile int maxConsecutiveFailures = 3;
    private volatile long swapGraceNanos;

    // Cycle-thread state.
    private final Arbiter arbiter = new Arbiter();
    private long cycle;

    // Statistics (read from any thread).
    private final RingStats durations = new RingStats(4096);
    private final RingStats lateness = new RingStats(4096);
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong stoppedBundles = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private volatile long lastCycleEndNanos;
    private volatile CycleReport lastReport;

    CycleEngine(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.controllers = new ControllerSet(nanoTime);
        this.commands = new CommandTable(nanoTime, this::now, (p, msg) -> audit("command", p.toString(), msg));
        this.dispatcher = new Dispatcher(commands, sinks);
    }

    // ---- configuration and registration ----

    void configure(Duration period, int maxConsecutiveFailures) {
        configure(period, maxConsecutiveFailures, period.dividedBy(2), Duration.ofSeconds(5), RetryTiming.DEFAULT);
    }

    void configure(Duration period, int maxConsecutiveFailures, Duration maxBudget, Duration runawayGrace,
                   RetryTiming retry) {
        configure(period, maxConsecutiveFailures, maxBudget, runawayGrace, retry, Duration.ZERO);
    }

    /** @param swapGrace how long a removed controller's requests stay in force for a successor with its id */
    void configure(Duration period, int maxConsecutiveFailures, Duration maxBudget, Duration runawayGrace,
                   RetryTiming retry, Duration swapGrace) {
        this.swapGraceNanos = swapGrace.toNanos();
        this.period = period;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        runner.configure(maxBudget, runawayGrace);
        commands.configure(retry);
    }

    Duration period() {
        return period;
    }

    /**
     * Shadow mode: the controllers with these ids run every cycle but their requests are only recorded and compared,
     * reported once per {@code reportInterval} of gateway-clock time. Applied on the cycle thread at the next cycle:
     * a controller leaving the set is promoted (its latched shadow requests go to arbitration), one entering it is
     * demoted (its requests are withdrawn).
     */
    void configureShadow(java.util.Set<String> ids, Duration reportInterval) {
        shadow.requestChange(ids, reportInterval);
    }

    java.util.Set<String> shadowControllers() {
        return shadow.ids();
    }

    Map<String, ShadowRecorder.Totals> shadowTotals() {
        return shadow.totals();
    }

    void setClock(EdgeClock c) {
        clock.set(c);
    }

    void unsetClock(EdgeClock c) {
        clock.compareAndSet(c, null);
    }

    void setAudit(AuditLog a) {
        audit.set(a);
    }

    void unsetAudit(AuditLog a) {
        audit.compareAndSet(a, null);
    }

    void setBundleStopper(BundleStopper s) {
        stopper.set(s);
    }

    void addSource(PointSource s) {
        snapshots.add(s);
    }

    void removeSource(PointSource s) {
        snapshots.remove(s);
    }

    void addSink(PointSink s) {
        sinks.add(s);
    }

    void removeSink(PointSink s) {
        sinks.remove(s);
    }

    void addListener(CycleListener l) {
        listeners.add(l);
    }

    void removeListener(CycleListener l) {
        listeners.remove(l);
    }

    void addController(Controller c) {
        addController(c, Map.of());
    }

    void addController(Controller c, Map<String, ?> properties) {
        controllers.add(c, properties);
    }

    void controllerModified(Controller c) {
        controllers.modified(c);
    }

    void removeController(Controller c) {
        controllers.remove(c);
    }

    // ---- the cycle ----

    /** Runs one cycle. {@code late} is how late it started against its schedule. */
    CycleReport runCycle(Duration late) {
        long t0 = nanoTime.getAsLong();
        cycle++;
        EdgeClock c = clock.get();
        Instant now = c != null ? c.now() : Instant.now();
        double speed = c != null ? Math.max(c.speed(), 1e-9) : 1.0;

        shadow.applyChange(arbiter, (id, msg) -> {
            LOG.info(msg);
            audit("shadow", id, msg);
        });
        for (String origin : controllers.withdrawnOrigins(swapGraceNanos)) {
            arbiter.releaseAll(origin);
            shadow.forget(origin);
        }
        PointSnapshot snapshot = snapshots.take(now, speed);
        List<ControllerEntry> active = controllers.all().stream().filter(e -> !e.isolated).toList();
        long cycleNo = cycle;
        Duration p = period;
        for (ControllerRun run : runner.run(active, e -> new RunContext(e, cycleNo, now, p, snapshot), p)) {
            apply(run, now);
        }
        Map<PointId, WriteRequest> winners = arbiter.winners();
        shadow.compare(winners, now).forEach((id, line) -> {
            LOG.info(line);
            audit("shadow", id, line);
        });
        List<WriteRequest> writes = dispatcher.dispatch(winners, snapshot, now);

        long elapsed = nanoTime.getAsLong() - t0;
        Duration duration = Duration.ofNanos(elapsed);
        durations.add(elapsed / 1_000);
        lateness.add(Math.max(0, late.toNanos() / 1_000));
        cycles.incrementAndGet();
        if (duration.compareTo(period) > 0) {
            overruns.incrementAndGet();
        }
        CycleReport report = new CycleReport(cycle, snapshot, writes, duration, late);
        lastReport = report;
        lastCycleEndNanos = System.nanoTime();
        for (CycleListener l : listeners) {
            try {
                l.cycleCompleted(report);
            } catch (RuntimeException e) {
                LOG.warn("Cycle listener {} threw on cycle {}; the cycle goes on", l.getClass().getName(), cycle, e);
            }
        }
        return report;
    }

    private void apply(ControllerRun run, Instant now) {
        ControllerEntry e = run.entry();
        if (run.deferred()) {
            deferred.incrementAndGet();
            return;
        }
        e.lastRunNanos = run.nanos();
        long budget = runner.budgetNanos(e);
        if (run.error().isPresent()) {
            e.failures++;
            e.consecutiveFailures++;
            LOG.warn("Controller '{}' failed on cycle {} ({} in a row); skipped this cycle: {}", e.id, cycle,
                    e.consecutiveFailures, run.error().get().toString());
        } else if (run.timedOut() || run.nanos() > budget) {
            e.budgetOverruns++;
            e.consecutiveFailures++;
            LOG.warn("Controller '{}' took {} ms, over its budget of {} ms, on cycle {}; its requests are discarded",
                    e.id, run.nanos() / 1_000_000, budget / 1_000_000, cycle);
        } else {
            e.runs++;
            e.consecutiveFailures = 0;
            e.lastSuccessAt = now;
            if (shadow.isShadow(e.id)) {
                shadow.record(e.id, run.releases(), run.requests());
                return;
            }
            for (PointId p : run.releases()) {
                arbiter.release(e.id, p);
            }
            for (WriteRequest r : run.requests()) {
                arbiter.request(r);
            }
            return;
        }
        if (e.consecutiveFailures >= maxConsecutiveFailures) {
            isolate(e, "failed " + e.consecutiveFailures + " cycles in a row");
        }
    }

    private void isolate(ControllerEntry e, String why) {
        if (e.isolated) {
            return;
        }
        e.isolated = true;
        arbiter.releaseAll(e.id);
        shadow.forget(e.id);
        String msg = "Controller '" + e.id + "' " + why + "; isolated until its bundle or configuration changes."
                + " Its write requests are withdrawn; the other controllers keep running.";
        LOG.error(msg);
        audit("controller", e.id, msg);
    }

    /** A controller's abandoned run ignored its interrupt for the grace period: stop its bundle (cycle thread). */
    private void runaway(ControllerEntry e, Duration since, Duration cpu) {
        isolate(e, "kept running after being interrupted");
        BundleStopper s = stopper.get();
        String what = e.bundleId < 0 ? "its bundle is unknown" : s == null ? "no bundle context to stop its bundle"
                : s.stop(e.bundleId);
        stoppedBundles.incrementAndGet();
        String msg = "Controller '" + e.id + "' kept running " + since.toMillis() + " ms after being interrupted ("
                + cpu.toMillis() + " ms of CPU); " + what;
        LOG.error(msg);
        audit("controller", e.id, msg);
    }

    private void audit(String category, String subject, String message) {
        if ("command".equals(category)) {
            LOG.info("Command on {}: {}", subject, message);
        }
        AuditLog a = audit.get();
        if (a != null) {
            try {
                a.record(new AuditEvent(now(), category, subject, message));
            } catch (RuntimeException ex) {
                LOG.warn("Audit log refused an event about {}: {}", subject, ex.toString());
            }
        }
    }

    private Instant now() {
        EdgeClock c = clock.get();
        return c != null ? c.now() : Instant.now();
    }

    /**
     * Safe state (shutdown): every writable point with a safe value is commanded to it at SAFETY priority through the
     * command layer, and read back; waits at most {@code maxWait} (wall) for every one to be verified or failed. The
     * drivers relinquish afterwards, when they stop. Call when the cycle thread has stopped.
     */
    SafeState.Result safeState(Duration maxWait) {
        EdgeClock c = clock.get();
        double speed = c != null ? Math.max(c.speed(), 1e-9) : 1.0;
        return new SafeState(commands, sinks, () -> snapshots.take(now(), speed), this::now).run(maxWait);
    }

    /** The cycle loop fell behind by {@code n} whole periods that will never run. */
    void missed(long n) {
        missed.addAndGet(n);
    }

    CycleStatistics statistics() {
        Map<String, CycleStatistics.ControllerStatistics> per = new HashMap<>();
        for (ControllerEntry e : controllers.all()) {
            per.put(e.id, e.statistics());
        }
        return new CycleStatistics(cycles.get(), durations.percentile(50), durations.percentile(99),
                lateness.percentile(99), overruns.get(), per, missed.get());
    }

    Optional<CycleReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    /** Wall time since the last cycle ended (System.nanoTime), or -1 before the first. */
    long nanosSinceLastCycle() {
        long t = lastCycleEndNanos;
        return t == 0 ? -1 : System.nanoTime() - t;
    }

    long rejectedWrites() {
        return dispatcher.rejectedWrites();
    }

    Map<String, Long> runawayCpuNanos() {
        return runner.runawayCpuNanos();
    }

    /** Controller runs put off to the next cycle because the cycle's controller deadline had passed. */
    long deferredRuns() {
        return deferred.get();
    }

    long stoppedBundles() {
        return stoppedBundles.get();
    }

    List<ControllerEntry> controllers() {
        return controllers.all();
    }

    @Override
    public void close() {
        runner.close();
    }
}
