package org.thermalcommons.edge.driver.modbus;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.Table;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;
import org.thermalcommons.edge.api.profile.ModbusOptions;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** A battery-inverter-like profile used by the driver tests (mirrors the shipped modbus-battery-inverter). */
final class TestProfiles {
    private TestProfiles() {
    }

    static ProfilePoint p(String name, Role role, Unit unit, Limits limits, boolean writable, OptionalDouble safe, ModbusAddress a) {
        return new ProfilePoint(name, role, unit, limits, writable, PollGroup.FAST, OptionalInt.empty(), safe, a);
    }

    static DeviceProfile battery() {
        return battery(ModbusOptions.DEFAULT, List.of());
    }

    /** The battery plus a charge limit at holding 110, a separate block (106..109 are not mapped). */
    static DeviceProfile batteryWithLimit(ModbusOptions options) {
        return battery(options, List.of(p("max-charge", Role.BATTERY_POWER_SETPOINT, Unit.KILOWATT, Limits.of(0, 1000), true,
                OptionalDouble.empty(), new ModbusAddress(Table.HOLDING_REGISTER, 110, DataType.UINT16, WordOrder.BIG_ENDIAN, 1, 0,
                        OptionalInt.empty()))));
    }

    static DeviceProfile battery(ModbusOptions options, List<ProfilePoint> more) {
        List<ProfilePoint> points = new java.util.ArrayList<>(List.of(
                p("soc", Role.BATTERY_SOC, Unit.PERCENT, Limits.of(0, 100), false, OptionalDouble.empty(),
                        new ModbusAddress(Table.HOLDING_REGISTER, 100, DataType.UINT16, WordOrder.BIG_ENDIAN, 1, 0, OptionalInt.of(101))),
                p("power", Role.BATTERY_POWER_SENSOR, Unit.KILOWATT, Limits.of(-1000, 1000), false, OptionalDouble.empty(),
                        new ModbusAddress(Table.HOLDING_REGISTER, 102, DataType.INT32, WordOrder.BIG_ENDIAN, 0.001, 0, OptionalInt.empty())),
                p("power-setpoint", Role.BATTERY_POWER_SETPOINT, Unit.KILOWATT, Limits.of(-100, 100), true, OptionalDouble.of(0),
                        new ModbusAddress(Table.HOLDING_REGISTER, 104, DataType.INT32, WordOrder.BIG_ENDIAN, 0.001, 0, OptionalInt.empty())),
                p("meter", Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT, Limits.of(-10000, 10000), false, OptionalDouble.empty(),
                        new ModbusAddress(Table.INPUT_REGISTER, 0, DataType.FLOAT32, WordOrder.LITTLE_ENDIAN, 1, 0, OptionalInt.empty())),
                p("running", Role.ALARM, Unit.BOOLEAN, Limits.of(0, 1), false, OptionalDouble.empty(),
                        new ModbusAddress(Table.COIL, 5, DataType.BOOL, WordOrder.BIG_ENDIAN, 1, 0, OptionalInt.empty()))));
        points.addAll(more);
        return new DeviceProfile("test-battery", "modbus", "test", "t", "test battery", points, options);
    }
}
