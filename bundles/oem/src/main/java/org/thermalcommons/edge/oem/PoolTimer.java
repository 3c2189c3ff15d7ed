package org.thermalcommons.edge.oem;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production timer: steps on a small scheduled pool (one step at a time per device is the worker's own rule), and
 * each adapter call on a bounded call pool so that a call overrunning its timeout can be interrupted and abandoned.
 */
final class PoolTimer implements Timer, AutoCloseable {
    private final ScheduledThreadPoolExecutor steps;
    private final ExecutorService calls;

    PoolTimer(int threads) {
        AtomicInteger n = new AtomicInteger();
        steps = new ScheduledThreadPoolExecutor(threads, r -> daemon(r, "oem-worker-" + n.incrementAndGet()));
        steps.setRemoveOnCancelPolicy(true);
        AtomicInteger m = new AtomicInteger();
        calls = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1024),
                r -> daemon(r, "oem-call-" + m.incrementAndGet()));
        ((ThreadPoolExecutor) calls).allowCoreThreadTimeOut(true);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        if (!steps.isShutdown()) {
            steps.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public <T> T call(Callable<T> call, Duration timeout) throws Exception {
        Future<T> f = calls.submit(call);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        steps.shutdownNow();
        calls.shutdownNow();
        steps.awaitTermination(5, TimeUnit.SECONDS);
        calls.awaitTermination(5, TimeUnit.SECONDS);
    }
}
