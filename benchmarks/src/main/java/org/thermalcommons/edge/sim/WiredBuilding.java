package org.thermalcommons.edge.sim;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.thermalcommons.edge.api.profile.ProfileRegistry;
import org.thermalcommons.edge.bench.Configs;

/**
 * The demo's simulated building served on loopback by the sim bundle's own wire servers ({@code serve = wire}: each
 * zone a bacnet4j device on its own UDP port, battery, meter and heat pump as j2mod Modbus TCP servers), with the demo's
 * configuration file and only the ports moved to free ones (benchmarks; same package to reach the component).
 */
public final class WiredBuilding implements AutoCloseable {
    private final SimulatedBuildingComponent sim = new SimulatedBuildingComponent();
    public final int zones;
    public final int bacnetBasePort;
    public final int firstZoneInstance;
    public final int modbusBasePort;

    public WiredBuilding(Path edgeConfig, ProfileRegistry profiles) throws Exception {
        Path cfg = edgeConfig.resolve("org.thermalcommons.edge.sim.SimulatedBuilding.cfg");
        SimulatedBuildingComponent.Config defaults = Configs.fromFile(SimulatedBuildingComponent.Config.class, cfg, Map.of());
        zones = defaults.zones();
        bacnetBasePort = freeRun(zones, true);
        modbusBasePort = freeRun(3, false);
        SimulatedBuildingComponent.Config c = Configs.fromFile(SimulatedBuildingComponent.Config.class, cfg,
                Map.of("bacnetBasePort", bacnetBasePort, "modbusBasePort", modbusBasePort));
        firstZoneInstance = c.firstZoneInstance();
        if (!c.serve().equals("wire")) {
            throw new IllegalStateException(cfg + " does not serve the building on the wire (serve = " + c.serve() + ")");
        }
        sim.profiles = profiles;
        sim.build(c, System::nanoTime);
        sim.startStepping();
    }

    /** The first of {@code n} consecutive free loopback ports (UDP or TCP). */
    private static int freeRun(int n, boolean udp) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 60000 - n);
            boolean ok = true;
            for (int p = base; p < base + n && ok; p++) {
                ok = udp ? udpFree(p) : tcpFree(p);
            }
            if (ok) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + n + " free loopback ports");
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        sim.deactivate();
    }
}
