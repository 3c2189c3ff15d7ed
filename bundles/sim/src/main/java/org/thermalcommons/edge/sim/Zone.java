package org.thermalcommons.edge.sim;

/**
 * One thermal zone as a first-order RC model with a local PI cooling loop (the fan-coil or AHU's own controller):
 * {@code C dT/dt = (T_out - T)/R + Q_internal + Q_solar - Q_cooling}, with {@code Q_cooling = P_electric * COP}.
 * R in K/kW, C in kWh/K, powers in kW, time in hours.
 */
final class Zone {
    final String name;
    final double rKPerKw;
    final double cKwhPerK;
    final double cop;
    final double maxCoolingElectricKw;
    final double occupiedGainKw;
    final double solarGainKwPerKwM2;
    double tempCelsius;
    double humidityPercent = 60;
    double setpointCelsius;
    double coolingElectricKw;
    private double integral;

    Zone(String name, double rKPerKw, double cKwhPerK, double cop, double maxCoolingElectricKw, double occupiedGainKw,
         double solarGainKwPerKwM2, double initialCelsius, double setpointCelsius) {
        this.name = name;
        this.rKPerKw = rKPerKw;
        this.cKwhPerK = cKwhPerK;
        this.cop = cop;
        this.maxCoolingElectricKw = maxCoolingElectricKw;
        this.occupiedGainKw = occupiedGainKw;
        this.solarGainKwPerKwM2 = solarGainKwPerKwM2;
        this.tempCelsius = initialCelsius;
        this.setpointCelsius = setpointCelsius;
    }

    /**
     * Advances by {@code dtHours}.
     *
     * @param outdoorCelsius outdoor temperature
     * @param outdoorRh      outdoor relative humidity, %
     * @param irradianceWm2  solar irradiance, W/m²
     * @param occupied       whether people and equipment are in
     * @param coolingOn      whether the cooling plant runs
     */
    void step(double dtHours, double outdoorCelsius, double outdoorRh, double irradianceWm2, boolean occupied,
              boolean coolingOn) {
        double maxThermal = maxCoolingElectricKw * cop;
        double error = tempCelsius - setpointCelsius;
        double thermal = 0;
        if (coolingOn) {
            double kp = 0.6 * maxThermal;
            double ki = 3.0 * maxThermal;
            integral = Math.max(0, Math.min(maxThermal / ki, integral + error * dtHours));
            thermal = Math.max(0, Math.min(maxThermal, kp * error + ki * integral));
        } else {
            integral = 0;
        }
        coolingElectricKw = thermal / cop;
        double internal = occupied ? occupiedGainKw : occupiedGainKw * 0.15;
        double solar = irradianceWm2 / 1000.0 * solarGainKwPerKwM2;
        double dTdt = ((outdoorCelsius - tempCelsius) / rKPerKw + internal + solar - thermal) / cKwhPerK;
        tempCelsius += dTdt * dtHours;
        // Cooling coils dry the air toward ~55 %; without cooling the zone drifts toward the outdoor humidity.
        double fraction = maxThermal > 0 ? thermal / maxThermal : 0;
        double target = outdoorRh - (outdoorRh - 52) * Math.min(1, fraction * 2.5) + (occupied ? 3 : 0);
        humidityPercent += (target - humidityPercent) * Math.min(1, dtHours / 0.5);
        humidityPercent = Math.max(20, Math.min(100, humidityPercent));
    }
}
