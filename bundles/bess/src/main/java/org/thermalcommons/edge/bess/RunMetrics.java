package org.thermalcommons.edge.bess;

import java.util.List;

/**
 * Per-run figures of a dispatch.
 *
 * @param deliveryRatePercent delivered intervals / intervals with a target
 * @param greenHours          hours delivered without the DG
 * @param dgRuntimeHours      hours the DG ran
 * @param dgFuelLitres        DG fuel
 * @param batteryCycles       equivalent full cycles (energy out of the battery / capacity)
 * @param curtailedPvKwh      PV energy left unused
 * @param unmetIntervals      intervals with a target that delivered nothing
 */
public record RunMetrics(double deliveryRatePercent, double greenHours, double dgRuntimeHours, double dgFuelLitres,
                         double batteryCycles, double curtailedPvKwh, int unmetIntervals) {

    static RunMetrics of(SiteParams site, List<Interval> run, double dtHours) {
        int targets = 0;
        int delivered = 0;
        double green = 0;
        double dgHours = 0;
        double fuel = 0;
        double out = 0;
        double curtailed = 0;
        for (Interval i : run) {
            if (i.targetKw() > 0) {
                targets++;
                if (i.deliveredKw() > 0) {
                    delivered++;
                    if (i.dgKw() == 0) {
                        green += dtHours;
                    }
                }
            }
            if (i.dgKw() > 0) {
                dgHours += dtHours;
                fuel += site.fuelLitresPerHour(i.dgKw()) * dtHours;
            }
            if (i.batteryKw() > 0) {
                out += i.batteryKw() / site.battery().oneWayEfficiency() * dtHours;
            }
            curtailed += i.curtailedKw() * dtHours;
        }
        return new RunMetrics(targets == 0 ? 100 : 100.0 * delivered / targets, green, dgHours, fuel,
                out / site.battery().capacityKwh(), curtailed, targets - delivered);
    }
}
