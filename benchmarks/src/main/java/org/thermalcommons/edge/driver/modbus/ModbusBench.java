package org.thermalcommons.edge.driver.modbus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/**
 * The Modbus driver's real poll path (ModbusDevice over J2modTransport) for the benchmark; same package only to reach
 * it. Either unthrottled, or with the settings a device gets when its configuration leaves them out (the component's
 * metatype defaults, read from its annotation so the figure follows what ships: minimum gap between transactions,
 * timeout, retries).
 */
public final class ModbusBench implements AutoCloseable {
    private final ModbusDevice device;
    private final ModbusCounters counters = new ModbusCounters();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    public ModbusBench(int port, int registers, boolean shippedDefaults) {
        List<ProfilePoint> points = new ArrayList<>();
        for (int i = 0; i < registers; i++) {
            points.add(new ProfilePoint("r" + i, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, Limits.NONE, false, PollGroup.FAST,
                    OptionalInt.empty(), OptionalDouble.empty(), new ModbusAddress(ModbusAddress.Table.HOLDING_REGISTER, i,
                    ModbusAddress.DataType.UINT16, ModbusAddress.WordOrder.BIG_ENDIAN, 1, 0, OptionalInt.empty())));
        }
        DeviceProfile profile = new DeviceProfile("bench", "modbus", "bench", "bench", "bench", points);
        int minGap = shippedDefaults ? shipped("minGapMs") : 0;
        int timeout = shippedDefaults ? shipped("timeoutMs") : 2000;
        int retries = shippedDefaults ? shipped("retries") : 0;
        int maxGap = shippedDefaults ? shipped("maxGap") : 0;
        device = new ModbusDevice(new ModbusDevice.Settings("bench", 1, maxGap, minGap, Duration.ofSeconds(15), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 3, Map.of()), profile, new J2modTransport("127.0.0.1", port, timeout, retries, counters),
                counters, () -> now, () -> System.nanoTime() / 1_000_000, ms -> {
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    private static int shipped(String attribute) {
        try {
            return (Integer) ModbusDeviceComponent.Config.class.getMethod(attribute).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the Modbus device configuration has no " + attribute, e);
        }
    }

    /** One poll of every register; returns how many good values this poll read (timestamped by it). */
    public int poll() {
        now = now.plusMillis(1);
        device.poll(PollGroup.FAST);
        int read = 0;
        for (PointValue v : device.values().values()) {
            if (v.isGood() && v.timestamp().equals(now)) {
                read++;
            }
        }
        return read;
    }

    public long failures() {
        return counters.deviceFailures.sum();
    }

    @Override
    public void close() {
        device.close();
    }
}
