package org.thermalcommons.edge.bess;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * What the LP planner plans over: N intervals of {@code dtHours} from {@code start}.
 *
 * @param battery              limits
 * @param initial              battery state now
 * @param start                first interval's start
 * @param zone                 local zone (daily cycle limit counts local days)
 * @param dtHours              interval length
 * @param loadKw               forecast site load
 * @param pvKw                 forecast PV
 * @param importPricePerKwh    price of energy bought
 * @param exportPricePerKwh    price of energy sold (should not exceed the import price)
 * @param committedExportKw    committed net export per interval (trades being delivered); NaN = no commitment
 * @param demandChargePerKw    charge on the horizon's peak import
 * @param terminalValuePerKwh  value of energy left in the battery at the end of the horizon
 * @param maxExportKw          grid export limit
 */
public record PlanRequest(BatteryParams battery, BatteryState initial, Instant start, ZoneOffset zone, double dtHours,
                          double[] loadKw, double[] pvKw, double[] importPricePerKwh, double[] exportPricePerKwh,
                          double[] committedExportKw, double demandChargePerKw, double terminalValuePerKwh,
                          double maxExportKw) {
    public PlanRequest {
        int n = loadKw.length;
        if (n == 0 || pvKw.length != n || importPricePerKwh.length != n || exportPricePerKwh.length != n
                || committedExportKw.length != n) {
            throw new IllegalArgumentException("every series must have the same, non-zero length");
        }
        if (!(dtHours > 0)) {
            throw new IllegalArgumentException("dtHours must be > 0");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(loadKw[i]) || !Double.isFinite(pvKw[i]) || !Double.isFinite(importPricePerKwh[i])
                    || !Double.isFinite(exportPricePerKwh[i])) {
                throw new IllegalArgumentException("interval " + i + ": load, PV and prices must be finite");
            }
        }
    }

    public int intervals() {
        return loadKw.length;
    }

    /** No commitments. */
    public static double[] noCommitments(int n) {
        double[] c = new double[n];
        Arrays.fill(c, Double.NaN);
        return c;
    }
}
