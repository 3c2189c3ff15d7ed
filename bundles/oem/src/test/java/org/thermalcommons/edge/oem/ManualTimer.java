package org.thermalcommons.edge.oem;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/** A virtual wall clock stepped by the test: scheduled steps run on the test thread when time reaches them. */
final class ManualTimer implements Timer {
    private record Task(long at, long seq, Runnable run) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.seq, b.seq));
    private long now = 1_000_000;
    private long seq;
    private boolean closed;

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        if (!closed) {
            tasks.add(new Task(now + Math.max(0, delay.toMillis()), seq++, task));
        }
    }

    @Override
    public <T> T call(Callable<T> call, Duration timeout) throws Exception {
        return call.call();
    }

    /** Runs everything due now (and what that schedules for now). */
    void runDue() {
        advance(0);
    }

    /** Moves the clock forward by {@code ms}, running each task at its time. */
    void advance(long ms) {
        long end;
        synchronized (this) {
            end = now + ms;
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.at > end) {
                    now = end;
                    return;
                }
                tasks.poll();
                now = Math.max(now, t.at);
            }
            t.run.run();
        }
    }

    /** A crash: nothing scheduled runs any more. */
    synchronized void close() {
        closed = true;
        tasks.clear();
    }

    /** The same clock for a restarted engine (time goes on). */
    synchronized ManualTimer successor() {
        ManualTimer t = new ManualTimer();
        t.now = now;
        return t;
    }
}
