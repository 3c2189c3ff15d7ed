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
import org.osgi.framework.ServiceReference;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.DiscoveredObject;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;

/**
 * The drivers in the assembled runtime against the simulated building served over BACnet/IP and Modbus TCP on
 * loopback (ports picked at run time): values arrive through the profiles, a setpoint written by a controller goes
 * out over BACnet, discovery lists every simulated zone, a write a zone refuses concerns that point only, a silent
 * device does not slow nine others, and a device that disappears turns fault and recovers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriversIT {
    static final int ZONES = 4;
    /** The simulated zone controllers accept setpoints up to this (their max-pres-value; the profile allows 30). */
    static final double ZONE_MAX = 28;

    @Inject
    BundleContext context;
    @Inject
    ControlCycle cycle;
    @Inject
    CommandRegistry commands;

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
                + "\nbacnetBasePort = " + (udp + 1) + "\nfirstZoneInstance = 2001\nmodbusBasePort = " + modbus
                + "\nwireZoneSetpointMaxCelsius = " + ZONE_MAX + "\n");
        StringBuilder ports = new StringBuilder();
        for (int z = 1; z <= ZONES; z++) {
            ports.append(z > 1 ? ", " : "").append(udp + z);
            cfg.put("org.thermalcommons.edge.driver.bacnet.BacnetDevice-zone-" + z + ".cfg", "device = zone-" + z
                    + "\nprofile = bacnet-zone-controller\ndeviceInstance = " + (2000 + z) + "\naddress = 127.0.0.1:" + (udp + z)
                    + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n"
                    // zone 3 is polled every second (no COV), so its period can be watched
                    + (z == 3 ? "covEnabled = false\n" : ""));
        }
        cfg.put("org.thermalcommons.edge.driver.bacnet.BacnetNetwork.cfg", "port = " + udp + "\ntimeoutMs = 1000\ndiscoverySeconds = 10"
                + "\ndiscoveryPorts = " + ports + "\n");
        cfg.put("org.thermalcommons.edge.driver.modbus.ModbusDevice-battery.cfg", "device = battery\nprofile = modbus-battery-inverter\nport = "
                + modbus + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n");
        cfg.put("org.thermalcommons.edge.driver.modbus.ModbusDevice-meter.cfg", "device = site\nprofile = modbus-meter\nport = "
                + (modbus + 1) + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n");
        Option[] base = EdgeOptions.gateway("drivers", List.of("core", "sim", "profiles", "bacnet", "modbus"), cfg);
        Option[] out = java.util.Arrays.copyOf(base, base.length + 2);
        out[base.length] = org.ops4j.pax.exam.CoreOptions.systemProperty("cool.edge.itest.meterPort").value(Integer.toString(modbus + 1));
        out[base.length + 1] = org.ops4j.pax.exam.CoreOptions.systemProperty("cool.edge.itest.zonePort").value(Integer.toString(udp + 1));
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

    private DeviceDirectory bacnetDirectory() throws Exception {
        for (ServiceReference<DeviceDirectory> r : context.getServiceReferences(DeviceDirectory.class, null)) {
            DeviceDirectory d = context.getService(r);
            if ("bacnet".equals(d.protocol())) {
                return d;
            }
        }
        throw new AssertionError("no BACnet device directory");
    }

    @Test
    public void discoveryListsEverySimulatedBacnetZoneWithInstanceAddressAndVendor() throws Exception {
        DeviceDirectory directory = bacnetDirectory();
        int firstPort = Integer.getInteger("cool.edge.itest.zonePort");
        EdgeOptions.await("all " + ZONES + " simulated zones in the BACnet directory", 60_000, () -> {
            for (int z = 1; z <= ZONES; z++) {
                int instance = 2000 + z;
                if (directory.devices().stream().noneMatch(d -> d.instance() == instance)) {
                    return false;
                }
            }
            return true;
        });
        for (int z = 1; z <= ZONES; z++) {
            int instance = 2000 + z;
            DiscoveredDevice d = directory.devices().stream().filter(x -> x.instance() == instance).findFirst().orElseThrow();
            assertEquals("bacnet", d.protocol());
            assertEquals("zone-" + z + " address", "127.0.0.1:" + (firstPort + z - 1), d.address());
            assertEquals("bacnet4j's vendor identifier, as the simulated zone announces it", 865, d.vendorId());
            assertEquals(1476, d.maxApdu());
            assertTrue(d.segmentation(), d.segmented());
        }
        DiscoveredDevice described = directory.describe(2002).orElseThrow();
        assertEquals("Thermal Commons (simulation)", described.vendorName());
        assertTrue(described.objects().toString(), described.objects().contains(
                new DiscoveredObject("analog-input", 1, "temp", "degrees-celsius")));
        assertTrue(described.objects().toString(), described.objects().contains(
                new DiscoveredObject("analog-value", 3, "cooling-setpoint", "degrees-celsius")));

        // The commissioning browser's live read of the setpoint, and a discovery round on request with its rate rule.
        org.thermalcommons.edge.api.driver.ObjectReading r = directory.readObject(2002, "analog-value", 3);
        assertEquals(r.detail(), org.thermalcommons.edge.api.driver.ObjectReading.Outcome.READ, r.outcome());
        org.thermalcommons.edge.api.driver.ObjectState s = r.state().orElseThrow();
        assertEquals("cooling-setpoint", s.name());
        assertEquals("degrees-celsius", s.units());
        assertEquals(16, s.priorityArray().size());
        assertTrue(s.toString(), s.presentValue().isPresent() && s.relinquishDefault().isPresent());
        assertEquals(org.thermalcommons.edge.api.driver.ObjectReading.Outcome.UNKNOWN_OBJECT,
                directory.readObject(2002, "analog-value", 77).outcome());
        assertEquals(ZONES, directory.discoverNow(java.time.Duration.ofSeconds(3)).size());
        try {
            directory.discoverNow(java.time.Duration.ZERO);
            throw new AssertionError("a second round within 5 s was sent");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("rate: "));
        }
    }

    @Test
    public void aBacnetWriteTheZoneRefusesFaultsOnlyThatPointWhileTheZonesOtherPointsKeepTheirPeriod() throws Exception {
        PointId setpoint = PointId.parse("zone-3/cooling-setpoint");
        EdgeOptions.await("zone 3 polled", 30_000, () -> good("zone-3/temp") && good("zone-3/humidity") && good(setpoint.toString()));
        double before = value(setpoint.toString()).orElseThrow().value();
        // 29 °C is within the profile's 18..30 (the core lets it through) but above what the zone accepts.
        ServiceRegistration<Controller> reg = context.registerService(Controller.class,
                GatewayIT.controller("itest-too-warm", WritePriority.MANUAL_OVERRIDE, ctx -> ctx.request(setpoint, ZONE_MAX + 1)),
                new Hashtable<>());
        try {
            EdgeOptions.await("the zone refused the write with value-out-of-range", 30_000, () -> commands.command(setpoint)
                    .map(c -> (c.state() == CommandState.REFUSED || c.state() == CommandState.FAILED)
                            && c.reason().orElse("").contains("value-out-of-range")).orElse(false));
            // While it is refused (and re-sent with back-off), the zone's points keep their 1 s period (zone 3 has no
            // COV), its setpoint keeps reading the value it holds, and the other zones' commands and points are untouched.
            Map<String, Integer> refreshes = new HashMap<>();
            Map<String, Instant> last = new HashMap<>();
            List<String> watched = List.of("zone-3/temp", setpoint.toString());
            long end = System.nanoTime() + 6_000_000_000L;
            while (System.nanoTime() < end) {
                for (String id : watched) {
                    Optional<PointValue> v = value(id);
                    assertTrue(id + " stays good: " + v, v.map(PointValue::isGood).orElse(false));
                    if (!v.get().timestamp().equals(last.get(id))) {
                        last.put(id, v.get().timestamp());
                        refreshes.merge(id, 1, Integer::sum);
                    }
                }
                Thread.sleep(50);
            }
            for (String id : watched) {
                // 6 expected; at least half of them, however loaded the machine
                assertTrue(id + " refreshed " + refreshes.get(id) + " times in 6 s (1 s period)", refreshes.get(id) >= 3);
            }
            for (int z = 1; z <= ZONES; z++) {
                assertTrue("zone-" + z + "/temp good", good("zone-" + z + "/temp"));
            }
            assertEquals("the zone kept its setpoint", before, value(setpoint.toString()).orElseThrow().value(), 1e-6);
            CommandStatus refused = commands.command(setpoint).orElseThrow();
            assertTrue(refused.toString(), refused.counters().refused() >= 1 && refused.counters().acknowledged() == 0);
            for (CommandStatus c : commands.commands()) {
                if (!c.point().equals(setpoint)) {
                    assertTrue("only zone 3's setpoint is refused: " + c, c.counters().refused() == 0);
                }
            }
        } finally {
            reg.unregister();
        }
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
