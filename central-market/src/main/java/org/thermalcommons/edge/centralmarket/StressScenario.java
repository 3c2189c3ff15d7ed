package org.thermalcommons.edge.centralmarket;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.thermalcommons.edge.market.protocol.Signal.Stress;

/**
 * The grid-stress scenario the aggregator follows (moved here from the simulated building): weekdays, local time,
 * elevated 14:00–17:00 and high 17:00–19:00 (the evening peak); on about one weekday in five the peak hour 18:00–19:00
 * is critical. Weekends are normal. Deterministic per seed.
 */
public final class StressScenario {
    private final long seed;
    private final ZoneOffset local;

    public StressScenario(long seed, ZoneOffset local) {
        this.seed = seed;
        this.local = local;
    }

    public Stress at(Instant t) {
        ZonedDateTime z = t.atZone(local);
        LocalDate day = z.toLocalDate();
        DayOfWeek dow = day.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
            return Stress.NORMAL;
        }
        double h = z.getHour() + z.getMinute() / 60.0;
        if (h >= 18 && h < 19 && new SplittableRandom(seed * 31 + day.toEpochDay()).nextDouble() < 0.2) {
            return Stress.CRITICAL;
        }
        if (h >= 17 && h < 19) {
            return Stress.HIGH;
        }
        if (h >= 14 && h < 17) {
            return Stress.ELEVATED;
        }
        return Stress.NORMAL;
    }

    /** Carbon intensity of the grid, g CO2/kWh: higher in the evening peak, lower at midday (solar). */
    public double carbonGPerKwh(Instant t) {
        ZonedDateTime z = t.atZone(local);
        double h = z.getHour() + z.getMinute() / 60.0;
        return 380 + 120 * Math.cos((h - 19) / 24 * 2 * Math.PI) - (h >= 10 && h < 15 ? 120 : 0);
    }
}
