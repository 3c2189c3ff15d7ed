package org.thermalcommons.edge.bess;

import java.time.Instant;
import java.util.List;

/**
 * A battery plan.
 *
 * @param start                 first interval's start
 * @param dtHours               interval length
 * @param chargeKw              battery charge power per interval (>= 0)
 * @param dischargeKw           battery discharge power per interval (>= 0); never both > 0 in one interval
 * @param importKw              grid import
 * @param exportKw              grid export
 * @param energyKwh             battery energy at the end of each interval
 * @param marginalValuePerKwh   value of one more kWh stored at the start of each of the first intervals (finite
 *                              difference on the LP); shorter than the plan
 * @param unmetCommitmentKwh    commitments the plan could not meet (slack), total
 * @param objective             the plan's cost (currency; negative = earnings)
 * @param solveMillis           solver time
 * @param problems              why the plan is not usable, empty when it is
 */
public record Plan(Instant start, double dtHours, double[] chargeKw, double[] dischargeKw, double[] importKw,
                   double[] exportKw, double[] energyKwh, double[] marginalValuePerKwh, double unmetCommitmentKwh,
                   double objective, double solveMillis, List<String> problems) {
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

    /** Index of the interval containing {@code t}, or -1 outside the plan. */
    public int indexAt(Instant t) {
        double h = (t.toEpochMilli() - start.toEpochMilli()) / 3.6e6;
        int i = (int) Math.floor(h / dtHours);
        return h < 0 || i >= intervals() ? -1 : i;
    }
}
