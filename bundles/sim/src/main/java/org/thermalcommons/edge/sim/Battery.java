package org.thermalcommons.edge.sim;

/**
 * The simulated battery: energy content in kWh, power limits, round-trip efficiency applied as its square root on
 * charge and on discharge. Power is positive when discharging (to the building), negative when charging.
 */
final class Battery {
    final double capacityKwh;
    final double maxKw;
    final double oneWayEfficiency;
    double energyKwh;
    double setpointKw;
    double actualKw;

    Battery(double capacityKwh, double maxKw, double roundTripEfficiency, double initialSocPercent) {
        if (capacityKwh <= 0 || maxKw <= 0 || roundTripEfficiency <= 0 || roundTripEfficiency > 1) {
            throw new IllegalArgumentException("battery: capacity and power must be > 0 and efficiency in (0, 1]");
        }
        this.capacityKwh = capacityKwh;
        this.maxKw = maxKw;
        this.oneWayEfficiency = Math.sqrt(roundTripEfficiency);
        this.energyKwh = capacityKwh * Math.max(0, Math.min(100, initialSocPercent)) / 100.0;
    }

    double socPercent() {
        return 100.0 * energyKwh / capacityKwh;
    }

    /** Follows the setpoint within power limits and the energy available or the room left. */
    void step(double dtHours) {
        double p = Math.max(-maxKw, Math.min(maxKw, setpointKw));
        if (p > 0) {
            double deliverable = energyKwh * oneWayEfficiency / dtHours;
            p = Math.min(p, deliverable);
            energyKwh -= p / oneWayEfficiency * dtHours;
        } else if (p < 0) {
            double absorbable = (capacityKwh - energyKwh) / oneWayEfficiency / dtHours;
            p = -Math.min(-p, absorbable);
            energyKwh += -p * oneWayEfficiency * dtHours;
        }
        energyKwh = Math.max(0, Math.min(capacityKwh, energyKwh));
        actualKw = p;
    }
}
