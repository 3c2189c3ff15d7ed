package org.thermalcommons.edge.bess;

import java.time.Duration;
import java.time.Instant;

/**
 * The daily cycle budget's counter: energy taken out of the battery since the start of the local day, integrated from
 * the measured battery power over gateway-clock time ({@code kW / √η × Δt} while discharging; a reading stands for the
 * time since the one before it, as an inverter's average power does). A gap longer than
 * {@link #MAX_GAP} (a paused gateway) is not integrated: the reading no longer says what happened in it. Controller
 * thread only.
 */
final class DischargeMeter {
    static final Duration MAX_GAP = Duration.ofMinutes(5);
    private final BatteryParams battery;
    private Instant last;
    private double lastKw = Double.NaN;
    private long day = Long.MIN_VALUE;
    private double dischargedKwh;

    DischargeMeter(BatteryParams battery) {
        this.battery = battery;
    }

    /**
     * @param now     gateway time of this reading
     * @param today   local epoch day of {@code now}
     * @param powerKw measured battery power (+ discharge), NaN when unknown (nothing is integrated across it)
     */
    void update(Instant now, long today, double powerKw) {
        if (today != day) {
            day = today;
            dischargedKwh = 0;
        }
        if (last != null && Double.isFinite(lastKw) && Double.isFinite(powerKw) && now.isAfter(last)
                && Duration.between(last, now).compareTo(MAX_GAP) <= 0) {
            double h = Duration.between(last, now).toNanos() / 3.6e12;
            dischargedKwh += Math.max(0, powerKw) / battery.oneWayEfficiency() * h;
        }
        last = now;
        lastKw = powerKw;
    }

    double dischargedTodayKwh() {
        return dischargedKwh;
    }

    long day() {
        return day;
    }

    /** The battery's state for planning and limits: measured energy and today's measured discharge. */
    BatteryState state(double energyKwh) {
        return new BatteryState(energyKwh, dischargedKwh, day);
    }
}
