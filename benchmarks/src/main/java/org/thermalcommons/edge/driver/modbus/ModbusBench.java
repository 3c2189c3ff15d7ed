package org.thermalcommons.edge.driver.modbus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** The Modbus driver's real poll path for the benchmark (same package only to reach it). */
public final class ModbusBench implements AutoCloseable {
    private final ModbusDevice device;

    public ModbusBench(int port, int registers) {
        List<ProfilePoint> points = new ArrayList<>();
        for (int i = 0; i < registers; i++) {
            points.add(new ProfilePoint("r" + i, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, Limits.NONE, false, PollGroup.FAST,
                    OptionalInt.empty(), OptionalDouble.empty(), new ModbusAddress(ModbusAddress.Table.HOLDING_REGISTER, i,
                    ModbusAddress.DataType.UINT16, ModbusAddress.WordOrder.BIG_ENDIAN, 1, 0, OptionalInt.empty())));
        }
        DeviceProfile profile = new DeviceProfile("bench", "modbus", "bench", "bench", "bench", points);
        device = new ModbusDevice(new ModbusDevice.Settings("bench", 1, 0, 0, Duration.ofSeconds(15), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 3), profile, new J2modTransport("127.0.0.1", port, 2000, 0), Instant::now,
                () -> System.nanoTime() / 1_000_000, ms -> { });
    }

    /** One poll of every register; returns how many values are good afterwards. */
    public int poll() {
        device.poll(PollGroup.FAST);
        return device.values().size();
    }

    public long failures() {
        return device.failures.get();
    }

    @Override
    public void close() {
        device.close();
    }
}
