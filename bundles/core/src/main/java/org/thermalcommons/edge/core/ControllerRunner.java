package org.thermalcommons.edge.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs controllers one after another on a worker thread, each bounded in wall time: its declared budget capped by
 * configuration, and abandoned (interrupted, the worker replaced) when it has not returned within twice that or by
 * the cycle's controller deadline ({@value #WINDOW_PERCENT} % of the period after the cycle started), whichever is
 * first; controllers the deadline leaves no time for are deferred to the next cycle (their requests stay latched). An
 * abandoned run that keeps going is a runaway: its controller is not run again while it lives, and once it has ignored
 * the interrupt for the configured grace its owner is told to stop the controller's bundle. The CPU time runaways burn
 * is measured (ThreadMXBean) and reported. Used by the cycle thread only, except the statistics getters.
 */
final class ControllerRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRunner.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final int WINDOW_PERCENT = 70;

    /** What the runner asks of its owner about runaways. */
    interface Runaways {
        /** The controller's abandoned run kept going past the grace: stop its bundle, audit it. */
        void keptRunning(ControllerEntry e, Duration since, Duration cpu);
    }

    private record Runaway(ControllerEntry entry, Thread thread, AtomicBoolean finished, long sinceNanos,
                           long cpuAtStart, boolean[] reported, long[] burnt) {
    }

    private final Runaways owner;
    private final List<Runaway> runaways = new ArrayList<>();
    private final Map<String, Long> finishedCpuNanos = new java.util.HashMap<>();
    private volatile Map<String, Long> runawayCpuNanos = Map.of();
    private final AtomicReference<Thread> workerThread = new AtomicReference<>();
    private ExecutorService worker = newWorker();
    private volatile long maxBudgetNanos = 500_000_000L;
    private volatile long graceNanos = 5_000_000_000L;

    ControllerRunner(Runaways owner) {
        this.owner = owner;
    }

    void configure(Duration maxBudget, Duration grace) {
        maxBudgetNanos = maxBudget.toNanos();
        graceNanos = grace.toNanos();
    }

    /** The budget a controller gets: what it declares, at most the configured cap. */
    long budgetNanos(ControllerEntry e) {
        return Math.min(e.declaredBudgetNanos, maxBudgetNanos);
    }

    /** Runs each controller with the context {@code contexts} gives it; results in run order. */
    List<ControllerRun> run(List<ControllerEntry> active, Function<ControllerEntry, RunContext> contexts,
                            java.time.Duration period) {
        long deadline = System.nanoTime() + period.toNanos() * WINDOW_PERCENT / 100;
        checkRunaways();
        List<ControllerRun> out = new ArrayList<>(active.size());
        for (ControllerEntry e : active) {
            if (isRunningAway(e)) {
                out.add(ControllerRun.skipped(e, "its previous run is still going after being interrupted"));
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                out.add(ControllerRun.deferred(e));
                continue;
            }
            out.add(runOne(e, contexts.apply(e), left));
        }
        return out;
    }

    private ControllerRun runOne(ControllerEntry e, RunContext ctx, long left) {
        AtomicBoolean finished = new AtomicBoolean();
        long t0 = System.nanoTime();
        Future<ControllerRun> f = worker.submit(() -> {
            try {
                e.controller.run(ctx);
                return new ControllerRun(e, ctx.requests, ctx.releases, System.nanoTime() - t0, Optional.empty(), false);
            } catch (Exception | LinkageError | AssertionError ex) {
                return new ControllerRun(e, List.of(), List.of(), System.nanoTime() - t0, Optional.of(ex), false);
            } finally {
                finished.set(true);
            }
        });
        long wait = Math.min(2 * budgetNanos(e), left);
        try {
            return f.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException ex) {
            Thread t = workerThread.get();
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            if (t != null && !finished.get()) {
                runaways.add(new Runaway(e, t, finished, System.nanoTime(), cpu(t), new boolean[1], new long[1]));
            }
            LOG.warn("Controller '{}' did not return within {} ms (twice its budget or the cycle's deadline); interrupted,"
                    + " its requests are discarded and it is not run again while that run lasts", e.id, wait / 1_000_000);
            return ControllerRun.abandoned(e, System.nanoTime() - t0);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return ControllerRun.skipped(e, "the cycle thread was interrupted");
        } catch (ExecutionException ex) {
            return new ControllerRun(e, List.of(), List.of(), System.nanoTime() - t0, Optional.of(ex.getCause()), false);
        }
    }

    private boolean isRunningAway(ControllerEntry e) {
        for (Runaway r : runaways) {
            if (r.entry() == e && !r.finished().get()) {
                return true;
            }
        }
        return false;
    }

    private void checkRunaways() {
        long now = System.nanoTime();
        for (var it = runaways.iterator(); it.hasNext(); ) {
            Runaway r = it.next();
            long burnt = r.thread().isAlive() ? Math.max(r.burnt()[0], cpu(r.thread()) - r.cpuAtStart()) : r.burnt()[0];
            r.burnt()[0] = burnt;
            if (r.finished().get() || !r.thread().isAlive()) {
                finishedCpuNanos.merge(r.entry().id, burnt, Long::sum);
                LOG.info("Controller '{}': its abandoned run ended after {} ms, {} ms of CPU", r.entry().id,
                        (now - r.sinceNanos()) / 1_000_000, burnt / 1_000_000);
                it.remove();
            } else if (!r.reported()[0] && now - r.sinceNanos() >= graceNanos) {
                r.reported()[0] = true;
                r.thread().interrupt();
                owner.keptRunning(r.entry(), Duration.ofNanos(now - r.sinceNanos()), Duration.ofNanos(burnt));
            }
        }
        Map<String, Long> cpu = new java.util.HashMap<>(finishedCpuNanos);
        for (Runaway r : runaways) {
            cpu.merge(r.entry().id, r.burnt()[0], Long::sum);
        }
        runawayCpuNanos = Map.copyOf(cpu);
    }

    /** CPU time (ns) burnt by each controller's abandoned runs since they were abandoned (any thread). */
    Map<String, Long> runawayCpuNanos() {
        return runawayCpuNanos;
    }

    /** Abandoned runs still going. */
    int runawaysAlive() {
        return (int) runaways.stream().filter(r -> !r.finished().get()).count();
    }

    private static long cpu(Thread t) {
        try {
            long v = THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(t.getId()) : -1;
            return Math.max(0, v);
        } catch (UnsupportedOperationException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-controllers");
            t.setDaemon(true);
            workerThread.set(t);
            return t;
        });
    }
}
