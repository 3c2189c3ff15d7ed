package org.thermalcommons.edge.oem;

import java.util.ArrayDeque;
import org.thermalcommons.edge.api.oem.RateLimits;

/**
 * Sliding windows of one device's vendor operations: per minute, hour and day. Keeps the start times of the last
 * day's operations, at most the day's limit (or 100,000 when the day is unlimited). Only the device's worker uses it.
 */
final class RateWindows {
    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    private static final int MAX_KEPT = 100_000;

    private final ArrayDeque<Long> starts = new ArrayDeque<>();

    /** Milliseconds until one more operation is allowed under {@code limits} (0: now). */
    long waitMillis(RateLimits limits, long now) {
        while (!starts.isEmpty() && starts.peekFirst() <= now - DAY) {
            starts.pollFirst();
        }
        long wait = 0;
        wait = Math.max(wait, waitIn(limits.perMinute(), MINUTE, now));
        wait = Math.max(wait, waitIn(limits.perHour(), HOUR, now));
        wait = Math.max(wait, waitIn(limits.perDay(), DAY, now));
        return wait;
    }

    /** Records an operation started at {@code now}. */
    void record(long now) {
        starts.addLast(now);
        while (starts.size() > MAX_KEPT) {
            starts.pollFirst();
        }
    }

    private long waitIn(int limit, long window, long now) {
        if (limit <= 0) {
            return 0;
        }
        // The limit-th newest start in the window: once it leaves the window, one more is allowed.
        int inWindow = 0;
        long oldestCounted = 0;
        var it = starts.descendingIterator();
        while (it.hasNext()) {
            long t = it.next();
            if (t <= now - window) {
                break;
            }
            inWindow++;
            oldestCounted = t;
            if (inWindow >= limit) {
                return oldestCounted + window - now;
            }
        }
        return 0;
    }
}
