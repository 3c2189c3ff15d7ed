package org.thermalcommons.edge.bess;

/**
 * A battery's limits, shared by every dispatcher (templates, LP planner, plan follower) and the tests.
 *
 * @param capacityKwh           nameplate energy
 * @param maxChargeKw           charge power limit (positive number)
 * @param maxDischargeKw        discharge power limit (positive number)
 * @param socMinPercent         lowest state of charge allowed (default 5)
 * @param socMaxPercent         highest state of charge allowed (default 95)
 * @param roundTripEfficiency   default 0.87, applied as its square root on charge and on discharge
 * @param maxCyclesPerDay       equivalent full cycles per day (discharged kWh / capacity), default 1.0, at most 2.0
 * @param solarOnlyCharging     when true the battery charges only from PV surplus, never from the grid
 * @param degradationCostPerKwh cost of one kWh of throughput (charged plus discharged), currency/kWh
 */
public record BatteryParams(double capacityKwh, double maxChargeKw, double maxDischargeKw, double socMinPercent,
                            double socMaxPercent, double roundTripEfficiency, double maxCyclesPerDay,
                            boolean solarOnlyCharging, double degradationCostPerKwh) {
    public BatteryParams {
        require(capacityKwh > 0, "capacityKwh must be > 0");
        require(maxChargeKw > 0 && maxDischargeKw > 0, "maxChargeKw and maxDischargeKw must be > 0");
        require(socMinPercent >= 0 && socMinPercent < socMaxPercent && socMaxPercent <= 100,
                "socMinPercent and socMaxPercent must satisfy 0 <= min < max <= 100");
        require(roundTripEfficiency > 0 && roundTripEfficiency <= 1, "roundTripEfficiency must be in (0, 1]");
        require(maxCyclesPerDay > 0 && maxCyclesPerDay <= 2.0, "maxCyclesPerDay must be in (0, 2]");
        require(degradationCostPerKwh >= 0, "degradationCostPerKwh must be >= 0");
    }

    /** 100 kWh / 50 kW with the defaults: 5–95 %, 87 %, 1 cycle a day, solar-only, no degradation cost. */
    public static BatteryParams defaults(double capacityKwh, double maxKw) {
        return new BatteryParams(capacityKwh, maxKw, maxKw, 5, 95, 0.87, 1.0, true, 0);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public double oneWayEfficiency() {
        return Math.sqrt(roundTripEfficiency);
    }

    public double minKwh() {
        return capacityKwh * socMinPercent / 100.0;
    }

    public double maxKwh() {
        return capacityKwh * socMaxPercent / 100.0;
    }

    /** Energy that may be discharged (taken out of the battery) in one day. */
    public double dailyDischargeKwh() {
        return capacityKwh * maxCyclesPerDay;
    }
}
