package org.thermalcommons.edge.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.thermalcommons.edge.api.market.GridStress;

/**
 * When the grid is stressed (local time): weekdays elevated 14:00–17:00 and high 17:00–19:00 (the evening peak);
 * on about one weekday in five, the peak hour 18:00–19:00 is critical. Weekends are normal. Deterministic per seed.
 */
final class GridStressSchedule {
    private final long seed;

    GridStressSchedule(long seed) {
        this.seed = seed;
    }

    GridStress at(Instant t) {
        LocalDate day = t.atZone(Weather.LOCAL).toLocalDate();
        DayOfWeek dow = day.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
            return GridStress.NORMAL;
        }
        double h = Weather.localHour(t);
        if (h >= 18 && h < 19 && new SplittableRandom(seed * 31 + day.toEpochDay()).nextDouble() < 0.2) {
            return GridStress.CRITICAL;
        }
        if (h >= 17 && h < 19) {
            return GridStress.HIGH;
        }
        if (h >= 14 && h < 17) {
            return GridStress.ELEVATED;
        }
        return GridStress.NORMAL;
    }
}
