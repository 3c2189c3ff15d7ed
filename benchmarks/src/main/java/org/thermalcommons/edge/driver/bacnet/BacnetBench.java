package org.thermalcommons.edge.driver.bacnet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.BacnetAddress;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** The BACnet driver's real poll path for the benchmark (same package only to reach it). */
public final class BacnetBench implements AutoCloseable {
    private final BacnetNetwork net;
    private final BacnetDevice device;

    public BacnetBench(int localPort, int deviceInstance, int devicePort, int points) throws Exception {
        this(localPort, deviceInstance, devicePort, points, false);
    }

    /**
     * @param shippedDefaults the settings a device gets unless a site tunes them (the components' metatype defaults:
     *                        COV on, its lifetime, stale time, back-off, the network's request deadline) instead of the
     *                        benchmark's (COV off)
     */
    public BacnetBench(int localPort, int deviceInstance, int devicePort, int points, boolean shippedDefaults) throws Exception {
        net = new BacnetNetwork("127.0.0.1", "127.255.255.255", 8, localPort, 4194100,
                shippedDefaults ? network("timeoutMs") : 3000);
        List<ProfilePoint> list = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            list.add(new ProfilePoint("av" + i, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, Limits.NONE, false, PollGroup.FAST,
                    OptionalInt.empty(), OptionalDouble.empty(), new BacnetAddress("analog-value", i, "present-value")));
        }
        BacnetDevice.Settings settings = shippedDefaults
                ? new BacnetDevice.Settings("bench", deviceInstance, "127.0.0.1:" + devicePort, device("writePriority"),
                        (Boolean) BacnetDeviceComponent.Config.class.getMethod("covEnabled").getDefaultValue(),
                        Duration.ofSeconds(device("covLifetimeSeconds")), Duration.ofSeconds(device("staleAfterSeconds")),
                        Duration.ofMillis(device("backoffMinMs")), Duration.ofMillis(device("backoffMaxMs")),
                        device("faultAfterFailures"), 77)
                : new BacnetDevice.Settings("bench", deviceInstance, "127.0.0.1:" + devicePort, 12, false,
                        Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(10), 3, 77);
        device = new BacnetDevice(settings,
                new DeviceProfile("bench", "bacnet", "bench", "bench", "bench", list), net, Instant::now,
                () -> System.nanoTime() / 1_000_000);
    }

    private static int network(String attribute) throws NoSuchMethodException {
        return (Integer) BacnetNetworkComponent.Config.class.getMethod(attribute).getDefaultValue();
    }

    private static int device(String attribute) throws NoSuchMethodException {
        return (Integer) BacnetDeviceComponent.Config.class.getMethod(attribute).getDefaultValue();
    }

    /** COV subscriptions the driver tried that failed (none expected). */
    public long covFailures() {
        return device.cov().failures.get();
    }

    /** One poll of every point; returns how many values this poll read (not the cache size). */
    public int poll() {
        long before = device.reader().valuesRead.get();
        device.poll(PollGroup.FAST);
        return (int) (device.reader().valuesRead.get() - before);
    }

    /** Points in the poll's first RPM batch (the batch size the raw baseline uses). */
    public int perRequest() {
        return device.reader().plan(PollGroup.FAST, device.group(PollGroup.FAST)).get(0).size();
    }

    public long failures() {
        return device.failures.get();
    }

    @Override
    public void close() {
        device.close();
        Thread t = new Thread(net::close);
        t.setDaemon(true);
        t.start();
    }
}
