package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.CycleListener;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * One control cycle, without OSGi: snapshot, controllers in priority order (on a worker thread, watched against their
 * budgets), arbitration of latched requests, clamping to limits, hand-off to sinks, and listeners.
 * {@link #runCycle(Duration)} is called by one thread at a time (the cycle thread); registration methods may be
 * called from any thread.
 */
final class CycleEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CycleEngine.class);
    private static final double EPSILON = 1e-9;

    private final LongSupplier nanoTime;
    private final AtomicReference<EdgeClock> clock = new AtomicReference<>();
    private final List<PointSource> sources = new CopyOnWriteArrayList<>();
    private final List<PointSink> sinks = new CopyOnWriteArrayList<>();
    private final List<CycleListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ControllerEntry> controllers = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> removedOrigins = new ConcurrentLinkedQueue<>();
    private final AtomicReference<AuditLog> audit = new AtomicReference<>();

    private volatile Duration period = Duration.ofSeconds(1);
    private volatile int maxConsecutiveFailures = 3;

    // Cycle-thread state.
    private final Arbiter arbiter = new Arbiter();
    private final Map<PointId, Sent> sent = new HashMap<>();
    private final Set<PointId> rejectedPoints = new HashSet<>();
    private final Set<PointId> duplicatePoints = new HashSet<>();
    private ExecutorService worker = newWorker();
    private long cycle;

    // Statistics (read from any thread).
    private final RingStats durations = new RingStats(4096);
    private final RingStats lateness = new RingStats(4096);
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong rejectedWrites = new AtomicLong();
    private volatile CycleReport lastReport;

    private record Sent(double value, Instant at, PointSink sink) {
    }

    CycleEngine(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    // ---- configuration and registration ----

    void configure(Duration period, int maxConsecutiveFailures) {
        this.period = period;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    Duration period() {
        return period;
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

    void addSource(PointSource s) {
        sources.add(s);
    }

    void removeSource(PointSource s) {
        sources.remove(s);
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
        ControllerEntry e = new ControllerEntry(c);
        for (ControllerEntry other : controllers) {
            if (other.id.equals(e.id)) {
                LOG.warn("Controller id '{}' is registered twice; both run and their requests share one origin", e.id);
            }
        }
        controllers.add(e);
        List<ControllerEntry> sorted = new ArrayList<>(controllers);
        sorted.sort(ControllerEntry::order);
        controllers.clear();
        controllers.addAll(sorted);
        LOG.info("Controller '{}' added at priority {}", e.id, e.priority);
    }

    /** The controller's configuration changed: give an isolated controller another chance. */
    void controllerModified(Controller c) {
        for (ControllerEntry e : controllers) {
            if (e.controller == c && e.isolated) {
                e.resetIsolation();
                LOG.info("Controller '{}' was reconfigured; it runs again", e.id);
            }
        }
    }

    void removeController(Controller c) {
        for (ControllerEntry e : controllers) {
            if (e.controller == c) {
                controllers.remove(e);
                removedOrigins.add(e.id);
                LOG.info("Controller '{}' removed; its write requests are withdrawn", e.id);
            }
        }
    }

    // ---- the cycle ----

    /** Runs one cycle. {@code late} is how late it started against its schedule. */
    CycleReport runCycle(Duration late) {
        long t0 = nanoTime.getAsLong();
        cycle++;
        EdgeClock c = clock.get();
        Instant now = c != null ? c.now() : Instant.now();
        double speed = c != null ? Math.max(c.speed(), 1e-9) : 1.0;

        for (String origin; (origin = removedOrigins.poll()) != null; ) {
            String o = origin;
            if (controllers.stream().noneMatch(e -> e.id.equals(o))) {
                arbiter.releaseAll(o);
            }
        }

        PointSnapshot snapshot = snapshot(now, speed);
        for (ControllerRun run : runControllers(snapshot, now)) {
            apply(run);
        }
        List<WriteRequest> writes = dispatch(snapshot, now);

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
        for (CycleListener l : listeners) {
            try {
                l.cycleCompleted(report);
            } catch (RuntimeException e) {
                LOG.warn("Cycle listener {} threw on cycle {}; the cycle goes on", l.getClass().getName(), cycle, e);
            }
        }
        return report;
    }

    PointSnapshot snapshot(Instant now, double speed) {
        Map<PointId, PointDefinition> defs = new HashMap<>();
        Map<PointId, PointValue> values = new HashMap<>();
        for (PointSource s : sources) {
            List<PointDefinition> points;
            Map<PointId, PointValue> latest;
            try {
                points = s.points();
                latest = s.latestValues();
            } catch (RuntimeException e) {
                LOG.warn("Point source {} failed to report its values; skipped this cycle", safeId(s), e);
                continue;
            }
            for (PointDefinition d : points) {
                if (defs.putIfAbsent(d.id(), d) != null) {
                    if (duplicatePoints.add(d.id())) {
                        LOG.warn("Point {} is supplied by more than one source; the first one ({}) is used",
                                d.id(), safeId(sources.get(0)));
                    }
                    continue;
                }
                PointValue v = latest.get(d.id());
                if (v != null) {
                    values.put(d.id(), withStaleness(v, d, now, speed));
                }
            }
        }
        return new PointSnapshot(now, defs, values);
    }

    /** A good value older than its staleness limit is stale; limits are wall time, scaled by the clock's speed. */
    static PointValue withStaleness(PointValue v, PointDefinition d, Instant now, double speed) {
        if (v.quality() != Quality.GOOD) {
            return v;
        }
        long allowedMillis = (long) (d.staleAfter().toMillis() * speed);
        long ageMillis = Duration.between(v.timestamp(), now).toMillis();
        return ageMillis > allowedMillis ? v.withQuality(Quality.STALE) : v;
    }

    private List<ControllerRun> runControllers(PointSnapshot snapshot, Instant now) {
        List<ControllerEntry> active = controllers.stream().filter(e -> !e.isolated).toList();
        if (active.isEmpty()) {
            return List.of();
        }
        ConcurrentLinkedQueue<ControllerRun> done = new ConcurrentLinkedQueue<>();
        AtomicReference<ControllerEntry> running = new AtomicReference<>();
        long totalBudget = active.stream().mapToLong(e -> e.budgetNanos).sum();
        long cycleNo = cycle;
        Duration p = period;
        java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();
        Future<?> f = worker.submit(() -> {
            for (ControllerEntry e : active) {
                if (abandoned.get()) {
                    return;
                }
                running.set(e);
                done.add(runOne(e, snapshot, now, cycleNo, p));
            }
            running.set(null);
        });
        try {
            // Each controller is checked against its own budget afterwards; this only bounds a hung controller.
            f.get(totalBudget + period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            ControllerEntry hung = running.get();
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            if (hung != null) {
                hung.failures++;
                hung.budgetOverruns++;
                isolate(hung, "did not return within " + Duration.ofNanos(totalBudget + period.toNanos()).toMillis()
                        + " ms (hung)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("Controller runner failed unexpectedly on cycle {}", cycleNo, e.getCause());
        }
        return abandoned.get() ? done.stream().filter(r -> r.entry() != running.get()).toList() : new ArrayList<>(done);
    }

    private static ControllerRun runOne(ControllerEntry e, PointSnapshot snapshot, Instant now, long cycleNo,
                                        Duration period) {
        List<WriteRequest> requests = new ArrayList<>();
        List<PointId> releases = new ArrayList<>();
        CycleContext ctx = new CycleContext() {
            @Override
            public long cycle() {
                return cycleNo;
            }

            @Override
            public Instant now() {
                return now;
            }

            @Override
            public Duration period() {
                return period;
            }

            @Override
            public PointSnapshot snapshot() {
                return snapshot;
            }

            @Override
            public void request(PointId point, double value) {
                requests.add(new WriteRequest(point, value, e.priority, e.id));
            }

            @Override
            public void release(PointId point) {
                releases.add(point);
            }
        };
        long t = System.nanoTime();
        try {
            e.controller.run(ctx);
            return new ControllerRun(e, requests, releases, System.nanoTime() - t, Optional.empty());
        } catch (Exception | LinkageError | AssertionError ex) {
            return new ControllerRun(e, List.of(), List.of(), System.nanoTime() - t, Optional.of(ex));
        }
    }

    private void apply(ControllerRun run) {
        ControllerEntry e = run.entry();
        e.lastRunNanos = run.nanos();
        if (run.error().isPresent()) {
            e.failures++;
            e.consecutiveFailures++;
            LOG.warn("Controller '{}' threw on cycle {} ({} in a row); skipped this cycle: {}", e.id, cycle,
                    e.consecutiveFailures, run.error().get().toString());
        } else if (run.nanos() > e.budgetNanos) {
            e.budgetOverruns++;
            e.consecutiveFailures++;
            LOG.warn("Controller '{}' took {} ms, over its budget of {} ms, on cycle {}; its requests are discarded",
                    e.id, run.nanos() / 1_000_000, e.budgetNanos / 1_000_000, cycle);
        } else {
            e.runs++;
            e.consecutiveFailures = 0;
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
        String msg = "Controller '" + e.id + "' " + why + "; isolated until its bundle or configuration changes."
                + " Its write requests are withdrawn; the other controllers keep running.";
        LOG.error(msg);
        AuditLog a = audit.get();
        if (a != null) {
            EdgeClock c = clock.get();
            a.record(new AuditEvent(c != null ? c.now() : Instant.now(), "controller", e.id, msg));
        }
    }

    private List<WriteRequest> dispatch(PointSnapshot snapshot, Instant now) {
        Map<PointId, WriteRequest> winners = arbiter.winners();
        List<WriteRequest> writes = new ArrayList<>();
        for (WriteRequest w : winners.values()) {
            PointDefinition d = snapshot.definitions().get(w.point());
            if (d == null || !d.writable()) {
                rejectedWrites.incrementAndGet();
                if (rejectedPoints.add(w.point())) {
                    LOG.warn("Write to {} by '{}' rejected: {}", w.point(), w.origin(),
                            d == null ? "no source supplies this point" : "the point is not writable");
                }
                continue;
            }
            PointSink sink = sinkFor(w.point());
            if (sink == null) {
                rejectedWrites.incrementAndGet();
                if (rejectedPoints.add(w.point())) {
                    LOG.warn("Write to {} by '{}' rejected: no sink writes this point", w.point(), w.origin());
                }
                continue;
            }
            Sent prev = sent.get(w.point());
            double value = prev == null ? d.limits().clamp(w.value())
                    : d.limits().clamp(w.value(), prev.value(), Duration.between(prev.at(), now).toMillis() / 1000.0);
            if (prev != null && prev.sink() == sink && Math.abs(prev.value() - value) < EPSILON) {
                continue;
            }
            WriteRequest out = w.withValue(value);
            try {
                sink.write(out.point(), out.value(), outcome -> { });
                sent.put(w.point(), new Sent(value, now, sink));
                writes.add(out);
                rejectedPoints.remove(w.point());
            } catch (RuntimeException ex) {
                LOG.warn("Sink {} refused the write to {}; retried next cycle", safeId(sink), w.point(), ex);
            }
        }
        for (PointId p : new ArrayList<>(sent.keySet())) {
            if (!winners.containsKey(p)) {
                Sent s = sent.remove(p);
                try {
                    s.sink().relinquish(p, outcome -> { });
                } catch (RuntimeException ex) {
                    LOG.warn("Sink {} failed to relinquish {}", safeId(s.sink()), p, ex);
                }
            }
        }
        writes.sort((a, b) -> a.point().compareTo(b.point()));
        return writes;
    }

    private PointSink sinkFor(PointId p) {
        for (PointSink s : sinks) {
            try {
                if (s.canWrite(p)) {
                    return s;
                }
            } catch (RuntimeException e) {
                LOG.warn("Sink {} failed canWrite({})", safeId(s), p, e);
            }
        }
        return null;
    }

    /** Writes every configured safe value at SAFETY priority (shutdown / safe state). Returns how many. */
    int safeState() {
        int n = 0;
        EdgeClock c = clock.get();
        Instant now = c != null ? c.now() : Instant.now();
        for (PointSource s : sources) {
            for (PointDefinition d : s.points()) {
                if (d.writable() && d.safeValue().isPresent()) {
                    PointSink sink = sinkFor(d.id());
                    if (sink != null) {
                        try {
                            sink.write(d.id(), d.safeValue().getAsDouble(), outcome -> { });
                            n++;
                        } catch (RuntimeException e) {
                            LOG.warn("Safe value for {} could not be queued", d.id(), e);
                        }
                    }
                }
            }
        }
        sent.clear();
        LOG.info("Safe state: {} safe values written at {}", n, now);
        return n;
    }

    CycleStatistics statistics() {
        Map<String, CycleStatistics.ControllerStatistics> per = new HashMap<>();
        for (ControllerEntry e : controllers) {
            per.put(e.id, e.statistics());
        }
        return new CycleStatistics(cycles.get(), durations.percentile(50), durations.percentile(99),
                lateness.percentile(99), overruns.get(), per);
    }

    Optional<CycleReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    long rejectedWrites() {
        return rejectedWrites.get();
    }

    List<ControllerEntry> controllers() {
        return Collections.unmodifiableList(controllers);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-controllers");
            t.setDaemon(true);
            return t;
        });
    }

    private static String safeId(PointSource s) {
        try {
            return s.sourceId();
        } catch (RuntimeException e) {
            return s.getClass().getName();
        }
    }

    private static String safeId(PointSink s) {
        try {
            return s.sinkId();
        } catch (RuntimeException e) {
            return s.getClass().getName();
        }
    }
}
