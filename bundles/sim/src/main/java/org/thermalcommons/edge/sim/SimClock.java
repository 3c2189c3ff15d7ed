package org.thermalcommons.edge.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.thermalcommons.edge.api.time.EdgeClock;

/** Simulated time: {@code start + (wall elapsed) x speed}, from an injectable monotonic wall clock (nanoseconds). */
final class SimClock implements EdgeClock {
    private final Instant start;
    private final double speed;
    private final LongSupplier wallNanos;
    private final long wallStart;

    SimClock(Instant start, double speed, LongSupplier wallNanos) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, was " + speed);
        }
        this.start = start;
        this.speed = speed;
        this.wallNanos = wallNanos;
        this.wallStart = wallNanos.getAsLong();
    }

    @Override
    public Instant now() {
        long elapsed = wallNanos.getAsLong() - wallStart;
        return start.plus(Duration.ofNanos((long) (elapsed * speed)));
    }

    @Override
    public double speed() {
        return speed;
    }
}
