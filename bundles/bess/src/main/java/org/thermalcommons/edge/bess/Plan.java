package org.thermalcommons.edge.bess;

import java.time.Instant;
import java.util.List;

/**
 * A battery plan: interval 0 runs from {@code start} for {@code firstHours}, every later one for {@code dtHours}.
 *
 * @param start               first interval's start (when the plan was made)
 * @param dtHours             interval length
 * @param firstHours          length of the first interval (the rest of the interval the plan was made in)
 * @param initialEnergyKwh    battery energy at {@code start}
 * @param chargeKw            battery charge power per interval (>= 0)
 * @param dischargeKw         battery discharge power per interval (>= 0); never both > 0 in one interval
 * @param importKw            grid import
 * @param exportKw            grid export
 * @param energyKwh           battery energy at the end of each interval
 * @param marginalValuePerKwh value of one more kWh stored in each interval (the LP's dual of its storage balance);
 *                            empty for a template's plan, NaN where the solver reports none
 * @param unmetCommitmentKwh  commitments the plan cannot meet (the shortfall, total); the plan is still the best one
 * @param objective           the plan's cost (currency; negative = earnings)
 * @param solveMillis         solver time
 * @param problems            why the plan is not usable, empty when it is
 */
public record Plan(Instant start, double dtHours, double firstHours, double initialEnergyKwh, double[] chargeKw,
                   double[] dischargeKw, double[] importKw, double[] exportKw, double[] energyKwh,
                   double[] marginalValuePerKwh, double unmetCommitmentKwh, double objective, double solveMillis,
                   List<String> problems) {
    public Plan {
        problems = List.copyOf(problems);
    }

    public boolean feasible() {
        return problems.isEmpty();
    }

    public int intervals() {
        return chargeKw.length;
    }

    /** Battery power of interval {@code i}: + discharge, − charge. */
    public double batteryKw(int i) {
        return dischargeKw[i] - chargeKw[i];
    }

    /** Length of interval {@code i} in hours. */
    public double hours(int i) {
        return i == 0 ? firstHours : dtHours;
    }

    /** Start of interval {@code i}. */
    public Instant startOf(int i) {
        return i == 0 ? start : start.plusNanos((long) ((firstHours + (i - 1) * dtHours) * 3.6e12));
    }

    /** Energy at the start of interval {@code i}. */
    public double energyBefore(int i) {
        return i == 0 ? initialEnergyKwh : energyKwh[i - 1];
    }

    /** Index of the interval containing {@code t}, or -1 outside the plan. */
    public int indexAt(Instant t) {
        double h = (t.toEpochMilli() - start.toEpochMilli()) / 3.6e6;
        if (h < 0 || intervals() == 0) {
            return -1;
        }
        if (h < firstHours) {
            return 0;
        }
        int i = 1 + (int) Math.floor((h - firstHours) / dtHours + 1e-9);
        return i >= intervals() ? -1 : i;
    }

    /** The plan's battery energy at {@code t}, interpolated linearly within its interval; NaN outside the plan. */
    public double energyAt(Instant t) {
        int i = indexAt(t);
        if (i < 0) {
            return Double.NaN;
        }
        double into = (t.toEpochMilli() - startOf(i).toEpochMilli()) / 3.6e6;
        double f = Math.max(0, Math.min(1, into / hours(i)));
        return energyBefore(i) + f * (energyKwh[i] - energyBefore(i));
    }
}
