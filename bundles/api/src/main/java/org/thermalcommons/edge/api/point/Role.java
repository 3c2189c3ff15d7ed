package org.thermalcommons.edge.api.point;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Semantic role of a point, named by a Brick-style class (for example {@code Zone_Air_Temperature_Sensor}).
 * Controllers find points by role, never by device-specific names.
 */
public record Role(String brickClass) {
    private static final Pattern BRICK = Pattern.compile("[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)*");

    public static final Role ZONE_AIR_TEMPERATURE_SENSOR = new Role("Zone_Air_Temperature_Sensor");
    public static final Role ZONE_AIR_HUMIDITY_SENSOR = new Role("Zone_Air_Humidity_Sensor");
    public static final Role ZONE_AIR_COOLING_TEMPERATURE_SETPOINT = new Role("Zone_Air_Cooling_Temperature_Setpoint");
    public static final Role OCCUPANCY_SENSOR = new Role("Occupancy_Sensor");
    public static final Role OUTSIDE_AIR_TEMPERATURE_SENSOR = new Role("Outside_Air_Temperature_Sensor");
    public static final Role COOLING_POWER_SENSOR = new Role("Cooling_Electric_Power_Sensor");
    public static final Role ELECTRIC_POWER_SENSOR = new Role("Electric_Power_Sensor");
    public static final Role BUILDING_LOAD_POWER_SENSOR = new Role("Building_Electric_Power_Sensor");
    public static final Role GRID_POWER_SENSOR = new Role("Grid_Electric_Power_Sensor");
    public static final Role PV_POWER_SENSOR = new Role("PV_Generation_Power_Sensor");
    public static final Role ENERGY_IMPORT_SENSOR = new Role("Import_Energy_Sensor");
    public static final Role ENERGY_EXPORT_SENSOR = new Role("Export_Energy_Sensor");
    public static final Role BATTERY_SOC = new Role("Battery_SOC");
    public static final Role BATTERY_POWER_SENSOR = new Role("Battery_Power_Sensor");
    public static final Role BATTERY_POWER_SETPOINT = new Role("Battery_Power_Setpoint");
    public static final Role BATTERY_MAX_CHARGE_POWER = new Role("Battery_Max_Charge_Power_Parameter");
    public static final Role BATTERY_MAX_DISCHARGE_POWER = new Role("Battery_Max_Discharge_Power_Parameter");
    public static final Role ALARM = new Role("Alarm");
    public static final Role HEAT_PUMP_OPERATING_STATE = new Role("Heat_Pump_SG_Ready_State");
    /** Grid stress level published by the utility or market: 0 normal, 1 elevated, 2 high, 3 critical. */
    public static final Role GRID_STRESS_LEVEL = new Role("Grid_Stress_Level");

    public Role {
        Objects.requireNonNull(brickClass, "brickClass");
        if (!BRICK.matcher(brickClass).matches()) {
            throw new IllegalArgumentException("role '" + brickClass + "' must be a Brick-style class name such as Zone_Air_Temperature_Sensor");
        }
    }

    @Override
    public String toString() {
        return brickClass;
    }
}
