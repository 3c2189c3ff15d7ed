package org.thermalcommons.edge.market.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A market interval {@code [start, end)}. */
public record Interval(Instant start, Instant end) {
    public Interval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("interval: end must be after start");
        }
    }

    /** The interval of {@code length} that contains {@code t}, aligned to the epoch. */
    public static Interval containing(Instant t, Duration length) {
        long len = length.toMillis();
        long start = Math.floorDiv(t.toEpochMilli(), len) * len;
        return new Interval(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + len));
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** The interval of the same length right after this one. */
    public Interval next() {
        return new Interval(end, end.plus(length()));
    }

    /** Whether the interval starts and ends on multiples of {@code length} since the epoch. */
    public boolean alignedTo(Duration length) {
        long len = length.toMillis();
        return length().toMillis() == len && start.toEpochMilli() % len == 0;
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** A stable key, e.g. for maps and SQL: the start as an ISO instant. */
    public String key() {
        return start.toString();
    }
}
