package org.thermalcommons.edge.driver.bacnet;

import java.util.Map;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.profile.ProfileRegistry;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.bench.Configs;

/**
 * The production BACnet network and device components with their default configuration (benchmarks; same package to
 * reach their DS methods): one device on loopback.
 */
public final class BacnetDriver implements AutoCloseable {
    private final BacnetNetworkComponent network = new BacnetNetworkComponent();
    private final BacnetDeviceComponent device = new BacnetDeviceComponent();

    public BacnetDriver(ProfileRegistry profiles, EdgeClock clock, int localPort, String name, String profile,
                        int instance, int devicePort) throws Exception {
        network.activate(Configs.of(BacnetNetworkComponent.Config.class,
                Map.of("port", localPort, "discoveryPorts", new int[] {devicePort})));
        device.profiles = profiles;
        device.network = network;
        device.clock = clock;
        device.activate(Configs.of(BacnetDeviceComponent.Config.class, Map.of("device", name, "profile", profile,
                "deviceInstance", instance, "address", "127.0.0.1:" + devicePort)));
    }

    public PointSource source() {
        return device;
    }

    public PointSink sink() {
        return device;
    }

    @Override
    public void close() throws Exception {
        device.deactivate();
        network.deactivate();
    }
}
