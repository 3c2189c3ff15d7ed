package org.thermalcommons.edge.input;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a repeated rejection once per window and key, then one summary line with how many were suppressed. For inputs
 * that can repeat at the sender's rate (malformed datagrams, a device that keeps refusing): the log of an SD card must
 * never grow with an attacker's packet rate, and never carries a stack trace per packet. Thread-safe; the number of
 * keys remembered is bounded (the oldest is forgotten first).
 */
public final class RateLimitedLog {
    private static final int MAX_KEYS = 256;

    private final Logger log;
    private final long windowMillis;
    private final LongSupplier monotonicMillis;
    private final Map<String, long[]> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /**
     * @param log             where to log
     * @param windowMillis    at most one line per key in this window
     * @param monotonicMillis a monotonic clock, e.g. {@code () -> System.nanoTime() / 1_000_000}
     */
    public RateLimitedLog(Logger log, long windowMillis, LongSupplier monotonicMillis) {
        this.log = Objects.requireNonNull(log, "log");
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.windowMillis = windowMillis;
        this.monotonicMillis = Objects.requireNonNull(monotonicMillis, "monotonicMillis");
    }

    /** A log with a one-minute window on the JVM's monotonic clock. */
    public static RateLimitedLog perMinute(Logger log) {
        return new RateLimitedLog(log, 60_000, () -> System.nanoTime() / 1_000_000);
    }

    /**
     * Warns {@code message} (SLF4J format, no throwable) unless {@code key} was logged within the window; returns
     * whether it logged. The first line after a quiet window says how many were suppressed in the last one.
     */
    public boolean warn(String key, String message, Object... args) {
        long now = monotonicMillis.getAsLong();
        long suppressed;
        synchronized (seen) {
            long[] s = seen.get(key);
            if (s != null && now - s[0] < windowMillis) {
                s[1]++;
                return false;
            }
            suppressed = s == null ? 0 : s[1];
            seen.put(key, new long[] {now, 0});
        }
        if (log.isWarnEnabled()) {
            String text = suppressed > 0 ? message + " (" + suppressed + " more like this suppressed in the last "
                    + windowMillis / 1000 + " s)" : message;
            log.warn(text, args);
        }
        return true;
    }
}
