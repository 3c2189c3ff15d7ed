package org.thermalcommons.edge.bess;

/**
 * What a dispatcher knows about the battery between steps.
 *
 * @param energyKwh           energy stored now
 * @param dischargedTodayKwh  energy taken out of the battery since the start of {@code day}
 * @param day                 the local day the counter belongs to (epoch day)
 */
public record BatteryState(double energyKwh, double dischargedTodayKwh, long day) {
    public static BatteryState atSoc(BatteryParams p, double socPercent, long day) {
        return new BatteryState(p.capacityKwh() * socPercent / 100.0, 0, day);
    }

    public double socPercent(BatteryParams p) {
        return 100.0 * energyKwh / p.capacityKwh();
    }
}
