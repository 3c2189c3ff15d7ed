package org.thermalcommons.edge.centralmarket;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The market's clock: {@code start + wall elapsed × speed}. Real time by default; the demo runs it at the simulated
 * building's speed from the same start so both sides agree on the intervals.
 */
public final class MarketClock {
    private final Instant start;
    private final double speed;
    private final LongSupplier wallNanos;
    private final long origin;

    public MarketClock(Instant start, double speed, LongSupplier wallNanos) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("clock speed must be > 0");
        }
        this.start = start;
        this.speed = speed;
        this.wallNanos = wallNanos;
        this.origin = wallNanos.getAsLong();
    }

    /**
     * The clock time at wall time {@code wallNow} of a clock that read {@code start} at wall time {@code wallStart}
     * ({@code start} itself when wallStart is null): a demo market restarted later continues where its clock is.
     */
    public static Instant joining(Instant start, double speed, Instant wallStart, Instant wallNow) {
        if (wallStart == null) {
            return start;
        }
        return start.plusMillis((long) (Duration.between(wallStart, wallNow).toMillis() * speed));
    }

    public static MarketClock system() {
        return new MarketClock(Instant.now(), 1.0, System::nanoTime);
    }

    public Instant now() {
        return start.plus(Duration.ofNanos((long) ((wallNanos.getAsLong() - origin) * speed)));
    }

    public double speed() {
        return speed;
    }

    /** Wall-clock time until clock time {@code t} (zero if passed). */
    public Duration wallUntil(Instant t) {
        Duration d = Duration.between(now(), t);
        return d.isNegative() ? Duration.ZERO : Duration.ofNanos((long) (d.toNanos() / speed));
    }
}
