package org.thermalcommons.edge.bess;

/**
 * What a template did in one interval (powers in kW, averaged over the interval).
 *
 * @param hour          local hour of day at the interval start
 * @param targetKw      the firm delivery target
 * @param deliveredKw   what was delivered: exactly the target or 0 (binary delivery)
 * @param pvKw          PV available
 * @param pvToLoadKw    PV that served the delivery
 * @param pvToBatteryKw PV that charged the battery
 * @param curtailedKw   PV left unused
 * @param batteryKw     battery power: + discharge, − charge
 * @param dgKw          DG output
 * @param dgToLoadKw    DG output that served the delivery
 * @param dgToBatteryKw DG output that charged the battery
 * @param socPercent    SOC at the end of the interval
 */
public record Interval(double hour, double targetKw, double deliveredKw, double pvKw, double pvToLoadKw,
                       double pvToBatteryKw, double curtailedKw, double batteryKw, double dgKw, double dgToLoadKw,
                       double dgToBatteryKw, double socPercent) {
}
