package org.thermalcommons.edge.driver.bacnet;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.bench.Configs;

/**
 * The BACnet driver's network component as the demo configures it ({@code edge-config} BacnetNetwork.cfg: loopback,
 * 127.255.255.255, the 3 s request deadline, periodic discovery), activated with only its own port and the discovery
 * ports moved to where the benchmark serves the zones (benchmarks; same package to reach its activation).
 */
public final class BacnetDirectoryBench implements AutoCloseable {
    private final BacnetNetworkComponent component = new BacnetNetworkComponent();

    public BacnetDirectoryBench(Path edgeConfig, int firstZonePort, int zones) throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int[] discovery = IntStream.range(firstZonePort, firstZonePort + zones).toArray();
        component.activate(Configs.fromFile(BacnetNetworkComponent.Config.class,
                edgeConfig.resolve(BacnetNetworkComponent.PID + ".cfg"), Map.of("port", port, "discoveryPorts", discovery)));
    }

    /**
     * Waits until the start-up discovery has heard every zone, then lets the datagram screen's I-Am window (one I-Am
     * per address per 10 s) pass, as on a site where the gateway has been running: a discovery on request is then
     * answered and its I-Ams are heard.
     */
    public void settled(int zones) throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        while (component.devices().size() < zones) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("start-up discovery heard " + component.devices().size() + " of " + zones + " zones in 30 s");
            }
            Thread.sleep(20);
        }
        Thread.sleep(org.thermalcommons.edge.driver.bacnet.link.DatagramScreen.I_AM_INTERVAL_MS + 500);
    }

    public DeviceDirectory directory() {
        return component;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        component.deactivate();
    }
}
