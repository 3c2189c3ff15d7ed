package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;

/**
 * The drivers in the assembled runtime against the simulated building served over BACnet/IP and Modbus TCP on
 * loopback (ports picked at run time): values arrive through the profiles, a setpoint written by a controller goes
 * out over BACnet, a silent device does not slow nine others, and a device that disappears turns fault and recovers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriversIT {
    static final int ZONES = 2;

    @Inject
    BundleContext context;
    @Inject
    ControlCycle cycle;

    static int freeTcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int freeUdpBlock(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                base = s.getLocalPort();
            }
            if (base + n >= 65000) {
                continue;
            }
            boolean free = true;
            for (int i = 1; i < n && free; i++) {
                try (DatagramSocket s = new DatagramSocket(base + i, InetAddress.getLoopbackAddress())) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no block of " + n + " free UDP ports");
    }

    @Configuration
    public Option[] config() throws Exception {
        int udp = freeUdpBlock(ZONES + 1);
        int modbus = freeTcp();
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("org.thermalcommons.edge.core.Cycle.cfg", "periodMs = 200\n");
        // The battery and the meter on two ports picked now: the meter's port is base + 1 in the sim, so give the
        // sim the battery port and check the meter's is free too (retry the picks if not).
        while (!tcpFree(modbus + 1)) {
            modbus = freeTcp();
        }
        cfg.put("org.thermalcommons.edge.sim.SimulatedBuilding.cfg", "serve = wire\nspeed = 1\nzones = " + ZONES
                + "\nbacnetBasePort = " + (udp + 1) + "\nfirstZoneInstance = 2001\nmodbusBasePort = " + modbus + "\n");
        StringBuilder ports = new StringBuilder();
        for (int z = 1; z <= ZONES; z++) {
            ports.append(z > 1 ? ", " : "").append(udp + z);
            cfg.put("org.thermalcommons.edge.driver.bacnet.BacnetDevice-zone-" + z + ".cfg", "device = zone-" + z
                    + "\nprofile = bacnet-zone-controller\ndeviceInstance = " + (2000 + z) + "\naddress = 127.0.0.1:" + (udp + z)
                    + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n");
        }
        cfg.put("org.thermalcommons.edge.driver.bacnet.BacnetNetwork.cfg", "port = " + udp + "\ntimeoutMs = 1000\ndiscoveryPorts = "
                + ports + "\n");
        cfg.put("org.thermalcommons.edge.driver.modbus.ModbusDevice-battery.cfg", "device = battery\nprofile = modbus-battery-inverter\nport = "
                + modbus + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n");
        cfg.put("org.thermalcommons.edge.driver.modbus.ModbusDevice-meter.cfg", "device = site\nprofile = modbus-meter\nport = "
                + (modbus + 1) + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n");
        Option[] base = EdgeOptions.gateway("drivers", List.of("core", "sim", "profiles", "bacnet", "modbus"), cfg);
        Option[] out = java.util.Arrays.copyOf(base, base.length + 1);
        out[base.length] = org.ops4j.pax.exam.CoreOptions.systemProperty("cool.edge.itest.meterPort").value(Integer.toString(modbus + 1));
        return out;
    }

    static boolean tcpFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<PointValue> value(String id) {
        return cycle.lastReport().flatMap(r -> r.snapshot().value(PointId.parse(id)));
    }

    private boolean good(String id) {
        return value(id).map(PointValue::isGood).orElse(false);
    }

    @Test
    public void pointsArriveOverBacnetAndModbusAndSetpointsGoOutOverBacnet() throws Exception {
        EdgeOptions.await("zone temperatures over BACnet and battery/meter over Modbus", 30_000,
                () -> good("zone-1/temp") && good("zone-2/temp") && good("battery/soc") && good("site/load") && good("site/pv-power"));
        ServiceRegistration<Controller> reg = context.registerService(Controller.class,
                GatewayIT.controller("itest-setpoint", WritePriority.MANUAL_OVERRIDE,
                        ctx -> ctx.request(PointId.parse("zone-1/cooling-setpoint"), 22.0)), new Hashtable<>());
        try {
            EdgeOptions.await("setpoint written over BACnet and read back", 30_000,
                    () -> value("zone-1/cooling-setpoint").map(v -> Math.abs(v.value() - 22.0) < 1e-3).orElse(false));
        } finally {
            reg.unregister();
        }
        // Released: the gateway relinquishes (NULL at priority 12) and the device falls back to its default (24).
        EdgeOptions.await("relinquished", 30_000,
                () -> value("zone-1/cooling-setpoint").map(v -> Math.abs(v.value() - 24.0) < 1e-3).orElse(false));
    }

    @Test
    public void aSilentDeviceDoesNotSlowNineOthersAndADeadDeviceRecovers() throws Exception {
        Path etc = Path.of(System.getProperty("cool.edge.itest.deploy")).getParent().resolve("etc");
        int meterPort = Integer.parseInt(System.getProperty("cool.edge.itest.meterPort"));
        // A device that accepts connections but never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Files.writeString(etc.resolve("org.thermalcommons.edge.driver.modbus.ModbusDevice-silent.cfg"),
                    "device = silent\nprofile = modbus-meter\nport = " + silent.getLocalPort() + "\ntimeoutMs = 1000\nretries = 0\n");
            for (int i = 1; i <= 9; i++) {
                Files.writeString(etc.resolve("org.thermalcommons.edge.driver.modbus.ModbusDevice-m" + i + ".cfg"),
                        "device = m" + i + "\nprofile = modbus-meter\nport = " + meterPort + "\nfastPeriodMs = 500\n");
            }
            EdgeOptions.await("nine meters polled", 30_000, () -> {
                for (int i = 1; i <= 9; i++) {
                    if (!good("m" + i + "/load")) {
                        return false;
                    }
                }
                return true;
            });
            // Over three seconds every one of the nine keeps refreshing at its 0.5 s period despite the silent one.
            Map<Integer, Instant> first = new HashMap<>();
            Map<Integer, Integer> refreshes = new HashMap<>();
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 1; i <= 9; i++) {
                    Instant t = value("m" + i + "/load").map(PointValue::timestamp).orElse(Instant.EPOCH);
                    if (!t.equals(first.get(i))) {
                        first.put(i, t);
                        refreshes.merge(i, 1, Integer::sum);
                    }
                }
                Thread.sleep(50);
            }
            for (int i = 1; i <= 9; i++) {
                assertTrue("meter m" + i + " refreshed " + refreshes.get(i) + " times in 3 s", refreshes.get(i) >= 4);
            }
            assertTrue("the silent device has no good values", !good("silent/load"));
            for (Socket s : held) {
                s.close();
            }
        }

        // A device that goes away and comes back.
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ModbusSlave slave = meterSlave(port);
        Files.writeString(etc.resolve("org.thermalcommons.edge.driver.modbus.ModbusDevice-flaky.cfg"),
                "device = flaky\nprofile = modbus-meter\nport = " + port + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\ntimeoutMs = 500\n");
        EdgeOptions.await("flaky device up", 30_000, () -> good("flaky/load"));
        ModbusSlaveFactory.close(slave);
        EdgeOptions.await("flaky device fault", 30_000,
                () -> value("flaky/load").map(v -> v.quality() == Quality.FAULT).orElse(false));
        slave = meterSlave(port);
        try {
            EdgeOptions.await("flaky device recovered", 30_000, () -> good("flaky/load"));
            assertEquals(Quality.GOOD, value("flaky/load").orElseThrow().quality());
        } finally {
            ModbusSlaveFactory.close(slave);
        }
    }

    static ModbusSlave meterSlave(int port) throws Exception {
        SimpleProcessImage img = new SimpleProcessImage(1);
        for (int i = 0; i < 12; i++) {
            img.addRegister(new SimpleRegister(0));
            img.addInputRegister(new SimpleInputRegister(0));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, img);
        slave.open();
        return slave;
    }
}
