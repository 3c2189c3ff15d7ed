package org.thermalcommons.edge.sim.vendor;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A vendor's air-to-water heat pump with a domestic hot water tank, as its own controller runs it (not SG-Ready: the
 * vendor's app and local API choose an operating mode and a hot-water setpoint). Physics in simulated time:
 * <ul>
 *   <li>{@code off}: the compressor stays off;</li>
 *   <li>{@code eco}: inverter limited to half power, on 6 K below the setpoint, off at it;</li>
 *   <li>{@code normal}: full power, on 4 K below the setpoint, off at it;</li>
 *   <li>{@code boost}: full power plus a 3 kW backup heater, towards the setpoint + 5 K (at most 65 °C).</li>
 * </ul>
 * Heat delivered {@code P_compressor x COP + P_backup}; the 300 l tank loses heat to its surroundings (30 °C) and to a
 * steady hot-water draw. Not thread-safe: {@link VendorDevice} serialises access.
 */
final class VendorHeatPump {
    /** Operating modes, in the vendor's words (the API's {@code mode} field). */
    enum Mode {
        OFF, ECO, NORMAL, BOOST;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Mode> parse(String s) {
            for (Mode m : values()) {
                if (m.wire().equals(s)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    static final double SETPOINT_MIN_CELSIUS = 35;
    static final double SETPOINT_MAX_CELSIUS = 65;
    static final double TANK_MAX_CELSIUS = 65;
    private static final double COP = 3.2;
    private static final double BACKUP_KW = 3;
    /** 300 l of water: 300 kg x 4.186 kJ/(kg K) / 3600 = 0.349 kWh/K. */
    private static final double TANK_KWH_PER_K = 0.349;
    private static final double LOSS_KW_PER_K = 0.004;
    private static final double AMBIENT_CELSIUS = 30;
    private static final double DRAW_KW = 0.6;
    private static final Duration STEP = Duration.ofSeconds(10);
    /** A longer gap (a paused simulation) is not integrated: the tank simply continues from where it was. */
    private static final Duration MAX_CATCH_UP = Duration.ofDays(1);

    private final double ratedKw;
    private Mode mode = Mode.NORMAL;
    private double setpointCelsius;
    private double tankCelsius;
    private boolean running;
    private double electricKw;
    private Instant stepped;

    VendorHeatPump(double ratedKw, double setpointCelsius, Instant start) {
        if (!(ratedKw > 0)) {
            throw new IllegalArgumentException("vendor heat pump: rated power must be > 0 kW, was " + ratedKw);
        }
        if (!(setpointCelsius >= SETPOINT_MIN_CELSIUS && setpointCelsius <= SETPOINT_MAX_CELSIUS)) {
            throw new IllegalArgumentException("vendor heat pump: setpoint must be " + SETPOINT_MIN_CELSIUS + ".."
                    + SETPOINT_MAX_CELSIUS + " °C, was " + setpointCelsius);
        }
        this.ratedKw = ratedKw;
        this.setpointCelsius = setpointCelsius;
        this.tankCelsius = setpointCelsius - 2;
        this.stepped = start;
    }

    /** Integrates the tank up to {@code now} (simulated time) in 10 s steps. */
    void advanceTo(Instant now) {
        if (now.isBefore(stepped)) {
            return;
        }
        if (Duration.between(stepped, now).compareTo(MAX_CATCH_UP) > 0) {
            stepped = now.minus(MAX_CATCH_UP);
        }
        while (!stepped.plus(STEP).isAfter(now)) {
            step(STEP.toMillis() / 3.6e6);
            stepped = stepped.plus(STEP);
        }
    }

    /** Applies a mode and, when given, a new setpoint (already validated by the API). */
    void set(Mode newMode, Optional<Double> newSetpointCelsius) {
        mode = newMode;
        newSetpointCelsius.ifPresent(s -> setpointCelsius = s);
    }

    private void step(double dtHours) {
        double target = mode == Mode.BOOST ? Math.min(TANK_MAX_CELSIUS, setpointCelsius + 5) : setpointCelsius;
        double hysteresis = mode == Mode.ECO ? 6 : 4;
        if (mode == Mode.OFF || tankCelsius >= target) {
            running = false;
        } else if (tankCelsius < target - hysteresis || mode == Mode.BOOST) {
            running = true;
        }
        double compressorKw = running ? (mode == Mode.ECO ? ratedKw / 2 : ratedKw) : 0;
        double backupKw = running && mode == Mode.BOOST ? BACKUP_KW : 0;
        electricKw = compressorKw + backupKw;
        double heatKw = compressorKw * COP + backupKw - DRAW_KW - LOSS_KW_PER_K * (tankCelsius - AMBIENT_CELSIUS);
        tankCelsius += heatKw / TANK_KWH_PER_K * dtHours;
        // Cold mains water (28 °C in the tropics) refills what is drawn; the tank's own cut-out caps it.
        tankCelsius = Math.max(28, Math.min(TANK_MAX_CELSIUS + 2, tankCelsius));
    }

    Mode mode() {
        return mode;
    }

    double setpointCelsius() {
        return setpointCelsius;
    }

    double tankCelsius() {
        return tankCelsius;
    }

    boolean running() {
        return running;
    }

    double electricKw() {
        return electricKw;
    }

    Instant stepped() {
        return stepped;
    }
}
