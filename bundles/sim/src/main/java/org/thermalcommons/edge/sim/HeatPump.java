package org.thermalcommons.edge.sim;

/**
 * The building's heat-pump water heater (kitchens and showers: the one heat pump a tropical office has), with an
 * SG-Ready input. It keeps a hot-water tank warm with a hysteresis band that depends on the SG-Ready state:
 * <ol>
 *   <li>blocked: the compressor stays off (the utility's lock-out);</li>
 *   <li>normal: on below 50 °C, off at 55 °C;</li>
 *   <li>recommended on: on below 55 °C, off at 60 °C (store cheap or surplus energy as heat);</li>
 *   <li>forced on: runs until the tank reaches its limit of 65 °C.</li>
 * </ol>
 * Heat delivered is {@code P_electric x COP}; the tank loses heat to its surroundings and to hot-water draws.
 */
final class HeatPump {
    static final int BLOCKED = 1;
    static final int NORMAL = 2;
    static final int RECOMMENDED = 3;
    static final int FORCED = 4;
    static final double TANK_MAX_CELSIUS = 65;

    final double ratedElectricKw;
    final double cop;
    /** 2,000 l of water: 2000 kg x 4.186 kJ/(kg K) / 3600 = 2.33 kWh/K. */
    final double tankKwhPerK = 2.33;
    /** Standing loss of the tank, kW per K above its surroundings. */
    final double lossKwPerK = 0.01;
    double tankCelsius = 52;
    int sgReadyState = NORMAL;
    boolean running;
    double electricKw;

    HeatPump(double ratedElectricKw, double cop) {
        if (!(ratedElectricKw > 0) || !(cop > 0)) {
            throw new IllegalArgumentException("heat pump: rated power and COP must be > 0");
        }
        this.ratedElectricKw = ratedElectricKw;
        this.cop = cop;
    }

    /** Sets the SG-Ready state (rounded; outside 1..4 is clamped). */
    void sgReady(double state) {
        sgReadyState = (int) Math.max(BLOCKED, Math.min(FORCED, Math.round(state)));
    }

    /**
     * @param dtHours         step
     * @param drawKw          heat taken from the tank by hot-water use, kW
     * @param ambientCelsius  temperature around the tank
     */
    void step(double dtHours, double drawKw, double ambientCelsius) {
        double on;
        double off;
        switch (sgReadyState) {
            case BLOCKED -> {
                on = Double.NEGATIVE_INFINITY;
                off = Double.NEGATIVE_INFINITY;
            }
            case RECOMMENDED -> {
                on = 55;
                off = 60;
            }
            case FORCED -> {
                on = TANK_MAX_CELSIUS;
                off = TANK_MAX_CELSIUS;
            }
            default -> {
                on = 50;
                off = 55;
            }
        }
        if (tankCelsius >= off || sgReadyState == BLOCKED) {
            running = false;
        } else if (tankCelsius < on) {
            running = true;
        }
        electricKw = running ? ratedElectricKw : 0;
        double heatKw = electricKw * cop - drawKw - lossKwPerK * (tankCelsius - ambientCelsius);
        tankCelsius += heatKw / tankKwhPerK * dtHours;
        // Cold mains water (28 °C in the tropics) refills what is drawn: the tank cannot go below it.
        tankCelsius = Math.max(28, Math.min(TANK_MAX_CELSIUS + 2, tankCelsius));
    }

    double flowCelsius() {
        return running ? tankCelsius + 5 : tankCelsius;
    }

    double returnCelsius() {
        return running ? tankCelsius - 2 : tankCelsius;
    }
}
