package org.thermalcommons.edge.sim;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.BacnetAddress;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.Table;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** The layouts of the shipped profiles in modbus-bacnet-profiles/, as records (the sim's tests do not parse JSON). */
final class TestProfiles {
    private TestProfiles() {
    }

    private static ProfilePoint ro(String name, Role role, Unit unit, Object address) {
        return new ProfilePoint(name, role, unit, Limits.of(-1e9, 1e9), false, PollGroup.FAST, OptionalInt.empty(),
                OptionalDouble.empty(), address instanceof BacnetAddress b ? b : (ModbusAddress) address);
    }

    private static ProfilePoint rw(String name, Role role, Unit unit, double min, double max, double safe, Object address) {
        return new ProfilePoint(name, role, unit, Limits.of(min, max), true, PollGroup.FAST, OptionalInt.of(12),
                OptionalDouble.of(safe), address instanceof BacnetAddress b ? b : (ModbusAddress) address);
    }

    private static BacnetAddress bacnet(String type, int instance) {
        return new BacnetAddress(type, instance, "present-value");
    }

    private static ModbusAddress modbus(Table t, int address, DataType type, WordOrder order, double scale, Integer sf) {
        return new ModbusAddress(t, address, type, order, scale, 0, sf == null ? OptionalInt.empty() : OptionalInt.of(sf));
    }

    static final DeviceProfile ZONE = new DeviceProfile("bacnet-zone-controller", "bacnet", "generic", "zone", "zone", List.of(
            ro("temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, bacnet("analog-input", 1)),
            ro("humidity", Role.ZONE_AIR_HUMIDITY_SENSOR, Unit.PERCENT_RELATIVE_HUMIDITY, bacnet("analog-input", 2)),
            rw("cooling-setpoint", Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, 18, 30, 24, bacnet("analog-value", 3)),
            ro("occupancy", Role.OCCUPANCY_SENSOR, Unit.BOOLEAN, bacnet("binary-input", 4)),
            ro("cooling-power", Role.COOLING_POWER_SENSOR, Unit.KILOWATT, bacnet("analog-input", 5))));

    static final DeviceProfile BATTERY = new DeviceProfile("modbus-battery-inverter", "modbus", "generic", "inverter", "inverter", List.of(
            ro("soc", Role.BATTERY_SOC, Unit.PERCENT, modbus(Table.HOLDING_REGISTER, 100, DataType.UINT16, WordOrder.BIG_ENDIAN, 1, 101)),
            ro("power", Role.BATTERY_POWER_SENSOR, Unit.KILOWATT, modbus(Table.HOLDING_REGISTER, 102, DataType.INT32, WordOrder.BIG_ENDIAN, 0.001, null)),
            rw("power-setpoint", Role.BATTERY_POWER_SETPOINT, Unit.KILOWATT, -100, 100, 0,
                    modbus(Table.HOLDING_REGISTER, 104, DataType.INT32, WordOrder.BIG_ENDIAN, 0.001, null)),
            ro("max-charge-kw", Role.BATTERY_MAX_CHARGE_POWER, Unit.KILOWATT, modbus(Table.HOLDING_REGISTER, 106, DataType.UINT16, WordOrder.BIG_ENDIAN, 0.1, null)),
            ro("max-discharge-kw", Role.BATTERY_MAX_DISCHARGE_POWER, Unit.KILOWATT, modbus(Table.HOLDING_REGISTER, 107, DataType.UINT16, WordOrder.BIG_ENDIAN, 0.1, null)),
            ro("alarms", Role.ALARM, Unit.STATE, modbus(Table.HOLDING_REGISTER, 110, DataType.UINT16, WordOrder.BIG_ENDIAN, 1, null))));

    static final DeviceProfile METER = new DeviceProfile("modbus-meter", "modbus", "generic", "meter", "meter", List.of(
            ro("load", Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT, modbus(Table.INPUT_REGISTER, 0, DataType.FLOAT32, WordOrder.BIG_ENDIAN, 1, null)),
            ro("grid-power", Role.GRID_POWER_SENSOR, Unit.KILOWATT, modbus(Table.INPUT_REGISTER, 2, DataType.FLOAT32, WordOrder.BIG_ENDIAN, 1, null)),
            ro("pv-power", Role.PV_POWER_SENSOR, Unit.KILOWATT, modbus(Table.INPUT_REGISTER, 4, DataType.FLOAT32, WordOrder.BIG_ENDIAN, 1, null)),
            ro("import-energy", Role.ENERGY_IMPORT_SENSOR, Unit.KILOWATT_HOUR, modbus(Table.INPUT_REGISTER, 6, DataType.UINT32, WordOrder.LITTLE_ENDIAN, 0.1, null)),
            ro("export-energy", Role.ENERGY_EXPORT_SENSOR, Unit.KILOWATT_HOUR, modbus(Table.INPUT_REGISTER, 8, DataType.UINT32, WordOrder.BIG_ENDIAN, 0.1, null)),
            ro("grid-stress", Role.GRID_STRESS_LEVEL, Unit.STATE, modbus(Table.INPUT_REGISTER, 10, DataType.UINT16, WordOrder.BIG_ENDIAN, 1, null))));

    static final DeviceProfile HEAT_PUMP = new DeviceProfile("modbus-heatpump-sgready", "modbus", "generic", "heat pump", "heat pump", List.of(
            rw("sg-ready-state", Role.HEAT_PUMP_OPERATING_STATE, Unit.STATE, 1, 4, 2,
                    modbus(Table.HOLDING_REGISTER, 0, DataType.UINT16, WordOrder.BIG_ENDIAN, 1, null)),
            ro("flow-temp", Building.SUPPLY_WATER_TEMPERATURE_SENSOR, Unit.CELSIUS, modbus(Table.INPUT_REGISTER, 10, DataType.INT16, WordOrder.BIG_ENDIAN, 0.1, null)),
            ro("return-temp", Building.RETURN_WATER_TEMPERATURE_SENSOR, Unit.CELSIUS, modbus(Table.INPUT_REGISTER, 11, DataType.INT16, WordOrder.BIG_ENDIAN, 0.1, null)),
            ro("power", Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, modbus(Table.INPUT_REGISTER, 12, DataType.FLOAT32, WordOrder.LITTLE_ENDIAN, 1, null)),
            ro("compressor-on", Building.COMPRESSOR_RUN_STATUS, Unit.BOOLEAN, modbus(Table.DISCRETE_INPUT, 0, DataType.BOOL, WordOrder.BIG_ENDIAN, 1, null))));
}
