package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;

/**
 * Commands that reach the device and stay there: the assembled gateway (core, profiles, both drivers, comfort agent)
 * against a BACnet zone controller (bacnet4j) and a Modbus battery inverter (j2mod) that this test owns on loopback, so
 * it can look inside them and power-cycle them. Every check is made at the device: the BACnet priority array, the
 * inverter's holding registers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class CommandsIT {
    private static final PointId ZONE_SP = PointId.parse("zone-1/cooling-setpoint");
    private static final PointId BATTERY_SP = PointId.parse("battery/power-setpoint");
    private static LoopbackDevices.Zone zone;
    private static LoopbackDevices.Battery battery;

    @Inject
    BundleContext context;
    @Inject
    CommandRegistry commands;

    @Configuration
    public Option[] config() throws Exception {
        int udp = DriversIT.freeUdpBlock(2);
        int modbus = DriversIT.freeTcp();
        Map<String, String> cfg = new LinkedHashMap<>();
        cfg.put("org.thermalcommons.edge.core.Cycle.cfg", "periodMs = 200\nretryMinMs = 200\nretryMaxMs = 2000\n");
        // 26 °C in the zone, band 23..25: the comfort agent drives the setpoint down to its lowest, 23 °C, within seconds
        // and holds it there; the write policy lets one write through, the next one a minute later.
        cfg.put("org.thermalcommons.edge.agent.rbc.ComfortAgent.cfg", "stepCelsius = 2\nintervalSeconds = 1\nminSetpointCelsius = 23\n"
                + "unoccupiedLowCelsius = 23\nunoccupiedHighCelsius = 25\n");
        cfg.put("org.thermalcommons.edge.driver.bacnet.BacnetNetwork.cfg", "port = " + udp + "\ntimeoutMs = 1000\ndiscoveryPorts = "
                + (udp + 1) + "\n");
        cfg.put("org.thermalcommons.edge.driver.bacnet.BacnetDevice-zone-1.cfg", "device = zone-1\nprofile = bacnet-zone-controller"
                + "\ndeviceInstance = 2001\naddress = 127.0.0.1:" + (udp + 1) + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n");
        cfg.put("org.thermalcommons.edge.driver.modbus.ModbusDevice-battery.cfg", "device = battery\nprofile = modbus-battery-inverter"
                + "\nport = " + modbus + "\nbackoffMinMs = 200\nbackoffMaxMs = 1000\n");
        Option[] base = EdgeOptions.gateway("commands", List.of("core", "profiles", "bacnet", "modbus", "agent-rbc"), cfg);
        Option[] out = java.util.Arrays.copyOf(base, base.length + 2);
        out[base.length] = CoreOptions.systemProperty("cool.edge.itest.zonePort").value(Integer.toString(udp + 1));
        out[base.length + 1] = CoreOptions.systemProperty("cool.edge.itest.batteryPort").value(Integer.toString(modbus));
        return out;
    }

    private static synchronized void devices() throws Exception {
        if (zone == null) {
            zone = new LoopbackDevices.Zone(2001, Integer.getInteger("cool.edge.itest.zonePort"), 26f);
            battery = new LoopbackDevices.Battery(Integer.getInteger("cool.edge.itest.batteryPort"));
        }
    }

    private Optional<CommandStatus> command(PointId p) {
        return commands.command(p);
    }

    private boolean verifiedAtDevice(PointId p, String origin, double atDevice) {
        Optional<CommandStatus> c = command(p);
        return c.isPresent() && c.get().state() == CommandState.VERIFIED && c.get().origin().equals(origin)
                && c.get().value().isPresent() && Math.abs(c.get().value().getAsDouble() - atDevice) <= 0.1;
    }

    private static boolean same(double a, double b) {
        return Double.isNaN(a) ? Double.isNaN(b) : a == b;
    }

    private static double zoneSlot12() {
        try {
            return zone.atPriority(12);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    @Test
    public void a_theComfortAgentWritesSetpointsAtTheZoneDeviceAndTheyAreVerified() throws Exception {
        devices();
        EdgeOptions.await("the agent's setpoint in the zone's priority array, verified by read-back", 60_000,
                () -> verifiedAtDevice(ZONE_SP, "agent-rbc", zoneSlot12()));
        CommandStatus c = command(ZONE_SP).orElseThrow();
        assertTrue("the agent lowered the setpoint from the device's 24 °C: " + c, c.value().getAsDouble() < 23.9);
        assertEquals(WritePriority.COMFORT, c.priority());
        assertEquals(zoneSlot12(), zone.presentValue(), 1e-6);
    }

    @Test
    public void b_aRestartedBacnetZoneIsRecommandedAndVerified() throws Exception {
        devices();
        EdgeOptions.await("agent command verified", 90_000, () -> verifiedAtDevice(ZONE_SP, "agent-rbc", zoneSlot12()));
        long verifiedBefore = command(ZONE_SP).orElseThrow().counters().verified();

        long t0 = System.nanoTime();
        zone.restart();
        assertTrue("the restarted device has lost the command", Double.isNaN(zoneSlot12()));
        EdgeOptions.await("re-commanded at the device and verified again", 60_000,
                () -> verifiedAtDevice(ZONE_SP, "agent-rbc", zoneSlot12())
                        && command(ZONE_SP).orElseThrow().counters().verified() > verifiedBefore);
        System.err.printf("CommandsIT: BACnet zone re-commanded and verified %d ms after its restart%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertTrue("below the device's own 24 °C again", zoneSlot12() < 23.9);
    }

    @Test
    public void c_aRestartedModbusBatteryIsRecommandedAndVerified() throws Exception {
        devices();
        ServiceRegistration<Controller> reg = context.registerService(Controller.class,
                GatewayIT.controller("itest-plan", WritePriority.BESS_PLAN, ctx -> ctx.request(BATTERY_SP, 20.0)),
                new Hashtable<>());
        try {
            EdgeOptions.await("20 kW in the inverter's register, verified", 60_000,
                    () -> verifiedAtDevice(BATTERY_SP, "itest-plan", battery.setpointKw()));
            long verifiedBefore = command(BATTERY_SP).orElseThrow().counters().verified();

            long t0 = System.nanoTime();
            battery.restart();
            assertEquals("the restarted inverter is back at 0 kW", 0.0, battery.setpointKw(), 0.0);
            EdgeOptions.await("re-commanded at the inverter and verified again", 60_000,
                    () -> battery.setpointKw() == 20.0 && verifiedAtDevice(BATTERY_SP, "itest-plan", battery.setpointKw())
                            && command(BATTERY_SP).orElseThrow().counters().verified() > verifiedBefore);
            System.err.printf("CommandsIT: Modbus battery re-commanded and verified %d ms after its restart%n",
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void z_onShutdownSafeValuesReachTheDevicesAndAreVerifiedBeforeTheyOutliveTheGateway() throws Exception {
        devices();
        ServiceRegistration<Controller> reg = context.registerService(Controller.class,
                GatewayIT.controller("itest-plan", WritePriority.BESS_PLAN, ctx -> ctx.request(BATTERY_SP, -30.0)),
                new Hashtable<>());
        EdgeOptions.await("-30 kW at the inverter", 60_000, () -> battery.setpointKw() == -30.0);
        EdgeOptions.await("agent command at the zone", 60_000, () -> zoneSlot12() < 23.9);
        Bundle core = null;
        for (Bundle b : context.getBundles()) {
            if ("org.thermalcommons.edge.core".equals(b.getSymbolicName())) {
                core = b;
            }
        }
        // Watch the zone's priority slot while the gateway stops: the core (with its clock) goes first and writes the
        // safe values, verified; then the drivers, which lose the clock, stop and relinquish.
        List<Double> slot12 = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                double v = zoneSlot12();
                if (slot12.isEmpty() || !same(slot12.get(slot12.size() - 1), v)) {
                    slot12.add(v);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // sample every millisecond
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        try {
            core.stop(); // the cycle stops: safe state through the command layer, verified, bounded
            EdgeOptions.await("the drivers relinquished", 20_000, () -> Double.isNaN(zoneSlot12()));
            watching.set(false);
            watcher.join();
            int safe = slot12.indexOf(24.0);
            assertTrue("the safe value was at the gateway's priority before the relinquish: " + slot12,
                    safe > 0 && slot12.subList(safe, slot12.size()).contains(Double.NaN));
            // The devices outlive the gateway holding safe values: the zone at its default, the inverter at 0.
            assertEquals("zone setpoint", 24.0, zone.presentValue(), 0.001);
            assertEquals("inverter setpoint", 0.0, battery.setpointKw(), 0.0);
        } finally {
            watching.set(false);
            reg.unregister();
            core.start();
            zone.close();
            battery.close();
        }
    }
}
