package org.thermalcommons.edge.bess;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * A small forecaster for load and PV: an exponentially smoothed profile per interval of the local day, learned from
 * measurements. Slots never seen are filled from the nearest seen slot, so a fresh forecaster forecasts "like now".
 * It can be replaced by a real forecast (the market link will bring price and weather forecasts).
 */
final class ProfileForecaster {
    private final int slotsPerDay;
    private final double intervalHours;
    private final ZoneOffset zone;
    private final double alpha;
    private final double[] value;
    private final boolean[] seen;

    ProfileForecaster(int intervalMinutes, ZoneOffset zone, double alpha) {
        this.slotsPerDay = 24 * 60 / intervalMinutes;
        this.intervalHours = intervalMinutes / 60.0;
        this.zone = zone;
        this.alpha = alpha;
        this.value = new double[slotsPerDay];
        this.seen = new boolean[slotsPerDay];
    }

    int slot(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        return (int) ((z.getHour() + z.getMinute() / 60.0) / intervalHours) % slotsPerDay;
    }

    void observe(Instant t, double kw) {
        int s = slot(t);
        value[s] = seen[s] ? (1 - alpha) * value[s] + alpha * kw : kw;
        seen[s] = true;
    }

    boolean hasData() {
        for (boolean b : seen) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    OptionalDouble at(Instant t) {
        int s = slot(t);
        for (int d = 0; d < slotsPerDay; d++) {
            int a = Math.floorMod(s - d, slotsPerDay);
            if (seen[a]) {
                return OptionalDouble.of(value[a]);
            }
            int b = (s + d) % slotsPerDay;
            if (seen[b]) {
                return OptionalDouble.of(value[b]);
            }
        }
        return OptionalDouble.empty();
    }

    double[] horizon(Instant start, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = at(start.plusSeconds((long) (i * intervalHours * 3600))).orElse(0);
        }
        return out;
    }

    @Override
    public String toString() {
        return Arrays.toString(value);
    }
}
