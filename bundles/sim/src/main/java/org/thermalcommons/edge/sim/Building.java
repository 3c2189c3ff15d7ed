package org.thermalcommons.edge.sim;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/**
 * The simulated tropical commercial building: thermal zones, weather, PV, a battery, a base electrical load and the
 * grid-stress signal, advanced in fixed steps of simulated time. Not thread-safe: one thread steps it.
 */
final class Building {
    /** Parameters of a building. */
    record Parameters(long seed, int zones, double pvKwp, double batteryKwh, double batteryMaxKw,
                      double batteryInitialSocPercent, double defaultSetpointCelsius, double heatPumpKw) {
        Parameters {
            if (zones < 1 || zones > 32) {
                throw new IllegalArgumentException("zones must be 1..32, was " + zones);
            }
            if (pvKwp < 0) {
                throw new IllegalArgumentException("pvKwp must be >= 0");
            }
            if (heatPumpKw < 0) {
                throw new IllegalArgumentException("heatPumpKw must be >= 0 (0 = no heat pump)");
            }
        }

        /** A building without a heat pump. */
        Parameters(long seed, int zones, double pvKwp, double batteryKwh, double batteryMaxKw,
                   double batteryInitialSocPercent, double defaultSetpointCelsius) {
            this(seed, zones, pvKwp, batteryKwh, batteryMaxKw, batteryInitialSocPercent, defaultSetpointCelsius, 0);
        }
    }

    static final double SETPOINT_MIN = 18;
    static final double SETPOINT_MAX = 30;
    static final PointId SG_READY = PointId.of("heatpump", "sg-ready-state");
    static final Role SUPPLY_WATER_TEMPERATURE_SENSOR = new Role("Supply_Water_Temperature_Sensor");
    static final Role RETURN_WATER_TEMPERATURE_SENSOR = new Role("Return_Water_Temperature_Sensor");
    static final Role COMPRESSOR_RUN_STATUS = new Role("Compressor_Run_Status");
    /** Sim points refresh several times per wall second; allow a few seconds of silence before stale. */
    static final Duration STALE_AFTER = Duration.ofSeconds(10);

    private final Parameters p;
    private final Weather weather;
    private final GridStressSchedule stress;
    private final List<Zone> zones = new ArrayList<>();
    final Battery battery;
    /** The heat-pump water heater, when the building has one. */
    final Optional<HeatPump> heatPump;
    private final List<PointDefinition> definitions = new ArrayList<>();
    private Instant now;
    private double pvKw;
    private double baseLoadKw;

    Building(Parameters p, Instant start) {
        this.p = p;
        this.now = start;
        this.weather = new Weather(p.seed());
        this.stress = new GridStressSchedule(p.seed());
        this.battery = new Battery(p.batteryKwh(), p.batteryMaxKw(), 0.87, p.batteryInitialSocPercent());
        this.heatPump = p.heatPumpKw() > 0 ? Optional.of(new HeatPump(p.heatPumpKw(), 3.5)) : Optional.empty();
        for (int i = 1; i <= p.zones(); i++) {
            // Zones differ a little: size, envelope, orientation (solar gain).
            double size = 1.0 + 0.15 * ((i * 7) % 5 - 2);
            zones.add(new Zone("zone-" + i, 1.6 / size, 12 * size, 3.2, 12 * size, 9 * size, 10 * size * (i % 2 == 0 ? 1.4 : 0.8),
                    p.defaultSetpointCelsius() + 1.5, p.defaultSetpointCelsius()));
        }
        defineAll();
        step(Duration.ZERO);
    }

    private void defineAll() {
        for (Zone z : zones) {
            ro(z.name, "temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS);
            ro(z.name, "humidity", Role.ZONE_AIR_HUMIDITY_SENSOR, Unit.PERCENT_RELATIVE_HUMIDITY);
            definitions.add(PointDefinition.writable(PointId.of(z.name, "cooling-setpoint"),
                    Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS,
                    Limits.of(SETPOINT_MIN, SETPOINT_MAX).withMaxRatePerSecond(0.05), STALE_AFTER,
                    OptionalDouble.of(p.defaultSetpointCelsius())));
            ro(z.name, "occupancy", Role.OCCUPANCY_SENSOR, Unit.BOOLEAN);
            ro(z.name, "cooling-power", Role.COOLING_POWER_SENSOR, Unit.KILOWATT);
        }
        ro("site", "outdoor-temp", Role.OUTSIDE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS);
        ro("site", "load", Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT);
        ro("site", "grid-power", Role.GRID_POWER_SENSOR, Unit.KILOWATT);
        ro("site", "grid-stress", Role.GRID_STRESS_LEVEL, Unit.STATE);
        ro("pv", "power", Role.PV_POWER_SENSOR, Unit.KILOWATT);
        ro("battery", "soc", Role.BATTERY_SOC, Unit.PERCENT);
        ro("battery", "power", Role.BATTERY_POWER_SENSOR, Unit.KILOWATT);
        definitions.add(PointDefinition.writable(PointId.of("battery", "power-setpoint"), Role.BATTERY_POWER_SETPOINT,
                Unit.KILOWATT, Limits.of(-p.batteryMaxKw(), p.batteryMaxKw()), STALE_AFTER, OptionalDouble.of(0)));
        ro("battery", "max-charge-kw", Role.BATTERY_MAX_CHARGE_POWER, Unit.KILOWATT);
        ro("battery", "max-discharge-kw", Role.BATTERY_MAX_DISCHARGE_POWER, Unit.KILOWATT);
        if (heatPump.isPresent()) {
            definitions.add(PointDefinition.writable(SG_READY, Role.HEAT_PUMP_OPERATING_STATE, Unit.STATE,
                    Limits.of(HeatPump.BLOCKED, HeatPump.FORCED), STALE_AFTER, OptionalDouble.of(HeatPump.NORMAL)));
            ro("heatpump", "flow-temp", SUPPLY_WATER_TEMPERATURE_SENSOR, Unit.CELSIUS);
            ro("heatpump", "return-temp", RETURN_WATER_TEMPERATURE_SENSOR, Unit.CELSIUS);
            ro("heatpump", "power", Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT);
            ro("heatpump", "compressor-on", COMPRESSOR_RUN_STATUS, Unit.BOOLEAN);
        }
    }

    private void ro(String device, String name, Role role, Unit unit) {
        definitions.add(PointDefinition.readOnly(PointId.of(device, name), role, unit, STALE_AFTER));
    }

    List<PointDefinition> definitions() {
        return List.copyOf(definitions);
    }

    Instant now() {
        return now;
    }

    List<Zone> zones() {
        return zones;
    }

    static boolean occupied(Instant t) {
        DayOfWeek d = t.atZone(Weather.LOCAL).getDayOfWeek();
        double h = Weather.localHour(t);
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && h >= 8 && h < 19;
    }

    /** Advances the building by {@code dt} of simulated time. */
    void step(Duration dt) {
        double dtHours = dt.toNanos() / 3.6e12;
        if (dtHours > 0) {
            weather.step(dtHours);
        }
        double tOut = weather.outdoorCelsius(now);
        double rhOut = weather.outdoorHumidityPercent(now);
        double irr = weather.irradiance(now);
        boolean occ = occupied(now);
        double h = Weather.localHour(now);
        boolean coolingOn = occ || (h >= 6.5 && h < 8 && now.atZone(Weather.LOCAL).getDayOfWeek().getValue() <= 5);
        for (Zone z : zones) {
            if (dtHours > 0) {
                z.step(dtHours, tOut, rhOut, irr, occ, coolingOn);
            }
        }
        if (dtHours > 0) {
            battery.step(dtHours);
            heatPump.ifPresent(hp -> hp.step(dtHours, hotWaterDrawKw(occ, h), tOut));
        }
        pvKw = p.pvKwp() * irr / 1000.0 * 0.85;
        baseLoadKw = occ ? 85 + 10 * Math.sin(Math.PI * (h - 8) / 11) : 38;
        now = now.plus(dt);
    }

    /** Heat taken by hot-water use (kitchens, showers): most at lunch, little outside office hours. */
    private static double hotWaterDrawKw(boolean occupied, double localHour) {
        if (!occupied) {
            return 0.5;
        }
        return localHour >= 11.5 && localHour < 14 ? 12 : 4;
    }

    double loadKw() {
        return baseLoadKw + zones.stream().mapToDouble(z -> z.coolingElectricKw).sum()
                + heatPump.map(hp -> hp.electricKw).orElse(0.0);
    }

    double gridKw() {
        return loadKw() - pvKw - battery.actualKw;
    }

    double pvKw() {
        return pvKw;
    }

    GridStress gridStress() {
        return stress.at(now);
    }

    /** Applies a setpoint write; returns false (nothing changed) for a point that is not writable here. */
    boolean write(PointId id, double value) {
        if (id.device().equals("battery") && id.name().equals("power-setpoint")) {
            battery.setpointKw = Math.max(-battery.maxKw, Math.min(battery.maxKw, value));
            return true;
        }
        if (id.equals(SG_READY) && heatPump.isPresent()) {
            heatPump.get().sgReady(value);
            return true;
        }
        if (id.name().equals("cooling-setpoint")) {
            for (Zone z : zones) {
                if (z.name.equals(id.device())) {
                    z.setpointCelsius = Math.max(SETPOINT_MIN, Math.min(SETPOINT_MAX, value));
                    return true;
                }
            }
        }
        return false;
    }

    /** Back to the local default, as the building's own controls would after the gateway lets go. */
    boolean relinquish(PointId id) {
        if (id.device().equals("battery") && id.name().equals("power-setpoint")) {
            return write(id, 0);
        }
        if (id.equals(SG_READY)) {
            return write(id, HeatPump.NORMAL);
        }
        return id.name().equals("cooling-setpoint") && write(id, p.defaultSetpointCelsius());
    }

    /** Current values of every point, timestamped now. */
    Map<PointId, PointValue> values() {
        Map<PointId, PointValue> v = new HashMap<>();
        for (Zone z : zones) {
            put(v, z.name, "temp", z.tempCelsius, Unit.CELSIUS);
            put(v, z.name, "humidity", z.humidityPercent, Unit.PERCENT_RELATIVE_HUMIDITY);
            put(v, z.name, "cooling-setpoint", z.setpointCelsius, Unit.CELSIUS);
            put(v, z.name, "occupancy", occupied(now) ? 1 : 0, Unit.BOOLEAN);
            put(v, z.name, "cooling-power", z.coolingElectricKw, Unit.KILOWATT);
        }
        put(v, "site", "outdoor-temp", weather.outdoorCelsius(now), Unit.CELSIUS);
        put(v, "site", "load", loadKw(), Unit.KILOWATT);
        put(v, "site", "grid-power", gridKw(), Unit.KILOWATT);
        put(v, "site", "grid-stress", gridStress().ordinal(), Unit.STATE);
        put(v, "pv", "power", pvKw, Unit.KILOWATT);
        put(v, "battery", "soc", battery.socPercent(), Unit.PERCENT);
        put(v, "battery", "power", battery.actualKw, Unit.KILOWATT);
        put(v, "battery", "power-setpoint", battery.setpointKw, Unit.KILOWATT);
        put(v, "battery", "max-charge-kw", battery.energyKwh < battery.capacityKwh ? battery.maxKw : 0, Unit.KILOWATT);
        put(v, "battery", "max-discharge-kw", battery.energyKwh > 0 ? battery.maxKw : 0, Unit.KILOWATT);
        heatPump.ifPresent(hp -> {
            put(v, "heatpump", "sg-ready-state", hp.sgReadyState, Unit.STATE);
            put(v, "heatpump", "flow-temp", hp.flowCelsius(), Unit.CELSIUS);
            put(v, "heatpump", "return-temp", hp.returnCelsius(), Unit.CELSIUS);
            put(v, "heatpump", "power", hp.electricKw, Unit.KILOWATT);
            put(v, "heatpump", "compressor-on", hp.running ? 1 : 0, Unit.BOOLEAN);
        });
        return Map.copyOf(v);
    }

    private void put(Map<PointId, PointValue> v, String device, String name, double value, Unit unit) {
        PointId id = PointId.of(device, name);
        v.put(id, PointValue.good(id, value, unit, now));
    }
}
