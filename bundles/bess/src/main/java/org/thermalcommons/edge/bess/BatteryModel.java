package org.thermalcommons.edge.bess;

/**
 * The one step function every dispatcher uses. Power is at the battery's AC terminals: positive = discharge (energy to
 * the site), negative = charge. Charging stores {@code kw * sqrt(eta) * h}; discharging removes {@code kw / sqrt(eta) * h}.
 */
public final class BatteryModel {
    private BatteryModel() {
    }

    /**
     * Result of one step.
     *
     * @param next     state after the step
     * @param actualKw power actually delivered (+) or absorbed (−), within every limit
     */
    public record Step(BatteryState next, double actualKw) {
    }

    /** Largest discharge power for {@code dtHours}: power limit, energy above the SOC floor, daily cycle budget. */
    public static double maxDischargeKw(BatteryParams p, BatteryState s, double dtHours) {
        double byEnergy = Math.max(0, s.energyKwh() - p.minKwh()) * p.oneWayEfficiency() / dtHours;
        double byCycles = Math.max(0, p.dailyDischargeKwh() - s.dischargedTodayKwh()) * p.oneWayEfficiency() / dtHours;
        return Math.max(0, Math.min(p.maxDischargeKw(), Math.min(byEnergy, byCycles)));
    }

    /** Largest charge power (positive number) for {@code dtHours}: power limit and room below the SOC ceiling. */
    public static double maxChargeKw(BatteryParams p, BatteryState s, double dtHours) {
        double byEnergy = Math.max(0, p.maxKwh() - s.energyKwh()) / p.oneWayEfficiency() / dtHours;
        return Math.max(0, Math.min(p.maxChargeKw(), byEnergy));
    }

    /**
     * Steps the battery by {@code dtHours} at the requested power, clamped to every limit.
     *
     * @param requestKw     + discharge, − charge
     * @param chargeLimitKw most the battery may charge from the sources allowed (e.g. PV surplus when solar-only)
     * @param day           local epoch day of this step (resets the daily cycle counter when it changes)
     */
    public static Step step(BatteryParams p, BatteryState s, double requestKw, double chargeLimitKw, double dtHours, long day) {
        if (!(dtHours > 0)) {
            throw new IllegalArgumentException("dtHours must be > 0");
        }
        BatteryState cur = day != s.day() ? new BatteryState(s.energyKwh(), 0, day) : s;
        double kw;
        double energy = cur.energyKwh();
        double discharged = cur.dischargedTodayKwh();
        if (requestKw > 0) {
            kw = Math.min(requestKw, maxDischargeKw(p, cur, dtHours));
            double out = kw / p.oneWayEfficiency() * dtHours;
            energy -= out;
            discharged += out;
        } else if (requestKw < 0) {
            double limit = Math.min(maxChargeKw(p, cur, dtHours), Math.max(0, chargeLimitKw));
            kw = -Math.min(-requestKw, limit);
            energy += -kw * p.oneWayEfficiency() * dtHours;
        } else {
            kw = 0;
        }
        // Guard rounding at the window edges.
        energy = Math.max(Math.min(energy, p.maxKwh()), Math.min(p.minKwh(), cur.energyKwh()));
        return new Step(new BatteryState(energy, discharged, day), kw);
    }
}
