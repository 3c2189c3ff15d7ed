package org.thermalcommons.edge.bess;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * What the LP planner plans over: N intervals from {@code start}; the first lasts {@code firstHours} (the rest of the
 * interval the plan is made in), every other one {@code dtHours}.
 *
 * @param battery             limits
 * @param initial             battery state now
 * @param start               first interval's start (now)
 * @param zone                local zone (daily cycle limit counts local days)
 * @param dtHours             interval length
 * @param firstHours          length of the first interval, {@code 0 < firstHours <= dtHours}
 * @param loadKw              forecast site load
 * @param pvKw                forecast PV
 * @param importPricePerKwh   price of energy bought
 * @param exportPricePerKwh   price of energy sold (should not exceed the import price)
 * @param committedMinKw      battery power (+ discharge) the trades being delivered need at least; NaN = no commitment
 * @param committedMaxKw      battery power the trades being delivered allow at most (absorbing: negative); NaN = none
 * @param demandChargePerKw   charge on the horizon's peak import
 * @param terminalValuePerKwh value of energy left in the battery at the end of the horizon
 * @param maxExportKw         grid export limit
 */
public record PlanRequest(BatteryParams battery, BatteryState initial, Instant start, ZoneOffset zone, double dtHours,
                          double firstHours, double[] loadKw, double[] pvKw, double[] importPricePerKwh,
                          double[] exportPricePerKwh, double[] committedMinKw, double[] committedMaxKw,
                          double demandChargePerKw, double terminalValuePerKwh, double maxExportKw) {
    public PlanRequest {
        int n = loadKw.length;
        if (n == 0 || pvKw.length != n || importPricePerKwh.length != n || exportPricePerKwh.length != n
                || committedMinKw.length != n || committedMaxKw.length != n) {
            throw new IllegalArgumentException("every series must have the same, non-zero length");
        }
        if (!(dtHours > 0) || !(firstHours > 0) || firstHours > dtHours + 1e-12) {
            throw new IllegalArgumentException("dtHours must be > 0 and 0 < firstHours <= dtHours");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(loadKw[i]) || !Double.isFinite(pvKw[i]) || !Double.isFinite(importPricePerKwh[i])
                    || !Double.isFinite(exportPricePerKwh[i])) {
                throw new IllegalArgumentException("interval " + i + ": load, PV and prices must be finite");
            }
        }
    }

    /** Whole intervals from {@code start}, no commitments. */
    public PlanRequest(BatteryParams battery, BatteryState initial, Instant start, ZoneOffset zone, double dtHours,
                       double[] loadKw, double[] pvKw, double[] importPricePerKwh, double[] exportPricePerKwh,
                       double demandChargePerKw, double terminalValuePerKwh, double maxExportKw) {
        this(battery, initial, start, zone, dtHours, dtHours, loadKw, pvKw, importPricePerKwh, exportPricePerKwh,
                none(loadKw.length), none(loadKw.length), demandChargePerKw, terminalValuePerKwh, maxExportKw);
    }

    public int intervals() {
        return loadKw.length;
    }

    /** Length of interval {@code t} in hours. */
    public double hours(int t) {
        return t == 0 ? firstHours : dtHours;
    }

    /** Start of interval {@code t}. */
    public Instant startOf(int t) {
        return t == 0 ? start : start.plusNanos((long) ((firstHours + (t - 1) * dtHours) * 3.6e12));
    }

    /** No commitments: every entry NaN. */
    public static double[] none(int n) {
        double[] c = new double[n];
        Arrays.fill(c, Double.NaN);
        return c;
    }
}
