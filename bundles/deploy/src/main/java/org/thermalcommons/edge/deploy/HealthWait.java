package org.thermalcommons.edge.deploy;

import java.time.Duration;
import org.thermalcommons.edge.deploy.BundleHost.HostException;
import org.thermalcommons.edge.deploy.BundleHost.Verdict;

/**
 * Starts a bundle and waits, bounded, for it to be healthy: its probe must say HEALTHY continuously for the settle
 * time, within the health timeout. A FAILED verdict (a component that failed to activate, a controller isolated)
 * ends the wait at once; a bundle still WAITING at the deadline is unhealthy with the reason it last gave.
 */
final class HealthWait {
    /** How time passes (the system's monotonic clock, or a test's). */
    interface Ticker {
        long nanos();

        void pause(long millis) throws InterruptedException;
    }

    /** The rule of a wait cut short because the manager is stopping: no verdict, nothing to roll back. */
    static final String INTERRUPTED = "interrupted";

    static final Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void pause(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    private final Ticker ticker;
    private volatile Duration timeout;
    private volatile Duration settle;
    private volatile long checkMillis;

    HealthWait(Ticker ticker, Duration timeout, Duration settle, long checkMillis) {
        this.ticker = ticker;
        configure(timeout, settle, checkMillis);
    }

    void configure(Duration timeout, Duration settle, long checkMillis) {
        this.timeout = timeout;
        this.settle = settle;
        this.checkMillis = Math.max(1, checkMillis);
    }

    Duration timeout() {
        return timeout;
    }

    Verdict startAndAwait(BundleHost host, long id, boolean requireRun) throws HostException {
        host.start(id);
        BundleHost.HealthProbe probe = host.probe(id, requireRun);
        long start = ticker.nanos();
        long deadline = start + timeout.toNanos();
        long healthySince = -1;
        Verdict last = Verdict.waiting("not checked yet");
        while (true) {
            Verdict v = probe.check();
            long now = ticker.nanos();
            if (v.status() == Verdict.Status.FAILED) {
                return v;
            }
            if (v.status() == Verdict.Status.HEALTHY) {
                healthySince = healthySince < 0 ? now : healthySince;
                if (now - healthySince >= settle.toNanos()) {
                    return v;
                }
            } else {
                healthySince = -1;
                last = v;
            }
            if (now - deadline > 0) {
                return Verdict.failed("unhealthy", "not healthy within " + timeout.toMillis() / 1000.0 + " s: " + last.detail());
            }
            try {
                ticker.pause(checkMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Verdict.failed(INTERRUPTED, "the health wait was interrupted (the manager is stopping)");
            }
        }
    }
}
