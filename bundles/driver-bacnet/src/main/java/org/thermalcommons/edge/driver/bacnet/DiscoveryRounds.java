package org.thermalcommons.edge.driver.bacnet;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;

/**
 * Who-Is on request (the console's "discover now"): one round over the network's own and discovery ports, then a
 * bounded wait for I-Am answers that ends early once answers stop arriving for {@link #QUIET}. At most one round every
 * {@link #MIN_INTERVAL} (rule {@code rate}); the periodic discovery is not counted.
 */
final class DiscoveryRounds {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final Duration QUIET = Duration.ofMillis(500);

    private final BacnetNetwork net;
    private final List<Integer> ports;
    private final LongSupplier nanos;
    final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private boolean sent;
    private long lastSent;

    /** @param nanos monotonic clock of the rate limit (nanoseconds) */
    DiscoveryRounds(BacnetNetwork net, List<Integer> ports, LongSupplier nanos) {
        this.net = net;
        this.ports = List.copyOf(ports);
        this.nanos = nanos;
    }

    /** @throws IllegalStateException naming the rule when the last round on request was less than 5 s ago */
    List<DiscoveredDevice> run(Duration wait) {
        synchronized (this) {
            long now = nanos.getAsLong();
            long since = now - lastSent;
            if (sent && since < MIN_INTERVAL.toNanos()) {
                refused.incrementAndGet();
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "rate: at most one Who-Is round every %d s on request; try again in %.1f s", MIN_INTERVAL.toSeconds(),
                        (MIN_INTERVAL.toNanos() - since) / 1e9));
            }
            sent = true;
            lastSent = now;
            rounds.incrementAndGet();
        }
        long before = net.iAmReceived.get();
        long t0 = System.nanoTime();
        net.discover(ports);
        long end = t0 + Math.max(0, Math.min(wait.toNanos(), MAX_WAIT.toNanos()));
        long seen = before;
        long changed = t0;
        while (System.nanoTime() < end) {
            long c = net.iAmReceived.get();
            long now = System.nanoTime();
            if (c != seen) {
                seen = c;
                changed = now;
            } else if (c > before && now - changed >= QUIET.toNanos()) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return net.devices();
    }
}
