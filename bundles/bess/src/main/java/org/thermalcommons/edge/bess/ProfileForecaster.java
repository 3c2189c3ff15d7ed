package org.thermalcommons.edge.bess;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Load or PV forecast from history: a profile per interval of the local day, one for weekdays and one for weekends.
 * Every interval of measurements becomes one observation (their mean, committed when the interval ends), smoothed
 * across days exponentially ({@code alpha}). A slot never seen is filled from the same slot of the other kind of day,
 * else from the nearest seen slot. Not thread-safe: the controller thread observes and snapshots it
 * ({@link #forecast}); the planner thread only ever sees the arrays.
 */
final class ProfileForecaster {
    private final int slotsPerDay;
    private final long intervalMillis;
    private final ZoneOffset zone;
    private final double alpha;
    private final double[][] value;
    private final boolean[][] seen;
    private long observedIntervals;
    private long currentInterval = Long.MIN_VALUE;
    private double sum;
    private int count;

    ProfileForecaster(int intervalMinutes, ZoneOffset zone, double alpha) {
        if (1440 % intervalMinutes != 0 || !(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("intervalMinutes must divide a day and alpha be in (0, 1]");
        }
        this.slotsPerDay = 1440 / intervalMinutes;
        this.intervalMillis = intervalMinutes * 60_000L;
        this.zone = zone;
        this.alpha = alpha;
        this.value = new double[2][slotsPerDay];
        this.seen = new boolean[2][slotsPerDay];
    }

    int slot(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        return (int) ((z.getHour() * 60 + z.getMinute()) * 60_000L / intervalMillis) % slotsPerDay;
    }

    private int kind(Instant t) {
        DayOfWeek d = t.atZone(zone).getDayOfWeek();
        return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? 1 : 0;
    }

    /** One measurement; the interval's mean becomes an observation once the interval is over. */
    void observe(Instant t, double kw) {
        long interval = Math.floorDiv(t.toEpochMilli(), intervalMillis);
        if (interval != currentInterval) {
            commit();
            currentInterval = interval;
        }
        sum += kw;
        count++;
    }

    private void commit() {
        if (count > 0 && currentInterval != Long.MIN_VALUE) {
            Instant at = Instant.ofEpochMilli(currentInterval * intervalMillis);
            int k = kind(at);
            int s = slot(at);
            double mean = sum / count;
            value[k][s] = seen[k][s] ? (1 - alpha) * value[k][s] + alpha * mean : mean;
            seen[k][s] = true;
            observedIntervals++;
        }
        sum = 0;
        count = 0;
    }

    /** Hours of history behind the profiles (completed intervals). */
    double observedHours() {
        return observedIntervals * intervalMillis / 3.6e6;
    }

    /** Whether there is a forecast: at least {@code minHours} of history, and at least one completed interval. */
    boolean ready(double minHours) {
        return observedIntervals > 0 && observedHours() >= minHours;
    }

    /** Forecast for the interval containing {@code t}; 0 only when nothing was ever observed. */
    double at(Instant t) {
        int k = kind(t);
        int s = slot(t);
        if (seen[k][s]) {
            return value[k][s];
        }
        if (seen[1 - k][s]) {
            return value[1 - k][s];
        }
        for (int d = 1; d < slotsPerDay; d++) {
            for (int kk : new int[] {k, 1 - k}) {
                int a = Math.floorMod(s - d, slotsPerDay);
                if (seen[kk][a]) {
                    return value[kk][a];
                }
                int b = (s + d) % slotsPerDay;
                if (seen[kk][b]) {
                    return value[kk][b];
                }
            }
        }
        return 0;
    }

    /** The forecast for each of the given interval starts: a copy the planner thread may keep. */
    double[] forecast(Instant[] starts) {
        double[] out = new double[starts.length];
        for (int i = 0; i < starts.length; i++) {
            out[i] = at(starts[i]);
        }
        return out;
    }
}
