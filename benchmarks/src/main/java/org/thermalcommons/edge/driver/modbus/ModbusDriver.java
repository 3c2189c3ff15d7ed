package org.thermalcommons.edge.driver.modbus;

import java.util.Map;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.profile.ProfileRegistry;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.bench.Configs;

/** The production Modbus device component with its default configuration (benchmarks; same package for DS methods). */
public final class ModbusDriver implements AutoCloseable {
    private final ModbusDeviceComponent device = new ModbusDeviceComponent();

    public ModbusDriver(ProfileRegistry profiles, EdgeClock clock, String name, String profile, int port) {
        device.profiles = profiles;
        device.clock = clock;
        device.activate(Configs.of(ModbusDeviceComponent.Config.class, Map.of("device", name, "profile", profile,
                "port", port)));
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
    }
}
