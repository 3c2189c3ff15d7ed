package org.thermalcommons.edge.bench.commands;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.profile.ProfileRegistry;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.bess.DemoDispatch;
import org.thermalcommons.edge.bess.DispatchComponent;
import org.thermalcommons.edge.core.CycleHarness;
import org.thermalcommons.edge.core.VirtualCycle;
import org.thermalcommons.edge.driver.bacnet.BacnetDriver;
import org.thermalcommons.edge.driver.modbus.ModbusDriver;
import org.thermalcommons.edge.profiles.ShippedProfiles;
import org.thermalcommons.edge.sim.DemoBuilding;
import org.thermalcommons.edge.agent.rbc.DemoAgent;

/**
 * The command layer on its production path.
 * <ul>
 * <li>{@code recommand_after_restart_{bacnet,modbus}_ms}: the real cycle component (1 s period, production settings),
 * the real BACnet and Modbus driver components (default settings) and the shipped profiles, against a bacnet4j zone
 * controller and a j2mod battery inverter on loopback; the device is power-cycled (it loses the command) and the time
 * until it holds the commanded value again and the command is verified by read-back is measured, median of
 * {@code commands.restarts} runs. {@code recommand_after_restart_ms} is the larger of the two.</li>
 * <li>{@code writes_per_point_hour}: the demo's writers (comfort agent and LP battery dispatch with the demo's site
 * configuration) on the demo's simulated building for {@code commands.hours} hours, the production cycle engine stepped
 * in virtual time at the demo's 1 s period, writes counted where they reach the building, per writable point and hour;
 * also per kind ({@code writes_per_point_hour_zone_setpoints}, {@code writes_per_point_hour_battery_setpoint}: the
 * battery's shipped 30 s heartbeat alone is 120 writes an hour). Baseline {@code writes_per_point_hour_without_policy}: the same run with every point on the default write policy
 * (no deadband, no minimum interval, no heartbeat).</li>
 * </ul>
 */
public final class CommandsSuite implements Suite {
    private static final int RESTARTS = Integer.getInteger("commands.restarts", 5);
    private static final int HOURS = Integer.getInteger("commands.hours", 4);
    private static final PointId ZONE_SP = PointId.parse("zone-1/cooling-setpoint");
    private static final PointId BATTERY_SP = PointId.parse("battery/power-setpoint");

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public void run(Figures figures) throws Exception {
        Path repo = Path.of(System.getProperty("cool.edge.repo", "."));
        ProfileRegistry profiles = ShippedProfiles.load(repo.resolve("modbus-bacnet-profiles"));
        double bacnet;
        double modbus;
        EdgeClock clock = Instant::now;
        int udp = freeUdp();
        int zonePort = freeUdp();
        int batteryPort = freeTcp();
        try (LoopbackDevices.Zone zone = new LoopbackDevices.Zone(2001, zonePort, 24f);
             LoopbackDevices.Battery battery = new LoopbackDevices.Battery(batteryPort);
             BacnetDriver b = new BacnetDriver(profiles, clock, udp, "zone-1", "bacnet-zone-controller", 2001, zonePort);
             ModbusDriver m = new ModbusDriver(profiles, clock, "battery", "modbus-battery-inverter", batteryPort);
             CycleHarness h = new CycleHarness(clock, List.of(fixed("bench-override", WritePriority.MANUAL_OVERRIDE,
                     ZONE_SP, 22.0), fixed("bench-plan", WritePriority.BESS_PLAN, BATTERY_SP, 20.0)))) {
            h.add(b.source(), b.sink());
            h.add(m.source(), m.sink());
            h.start(1000);
            bacnet = median(recommand("BACnet zone", h.commands(), ZONE_SP, 22.0, () -> slot12(zone), zone::restart));
            modbus = median(recommand("Modbus battery", h.commands(), BATTERY_SP, 20.0, battery::setpointKw, battery::restart));
        }
        figures.report("recommand_after_restart_bacnet_ms", bacnet, "ms");
        figures.report("recommand_after_restart_modbus_ms", modbus, "ms");
        figures.report("recommand_after_restart_ms", Math.max(bacnet, modbus), "ms");

        Map<String, Double> with = writesPerPointHour(repo, profiles);
        Map<String, Double> without = writesPerPointHour(repo, null);
        figures.report("writes_per_point_hour", with.get(ALL), "writes");
        figures.report("writes_per_point_hour_zone_setpoints", with.get("cooling-setpoint"), "writes");
        figures.report("writes_per_point_hour_battery_setpoint", with.get("power-setpoint"), "writes");
        figures.report("writes_per_point_hour_without_policy", without.get(ALL), "writes");
    }

    private static final String ALL = "all";

    interface Restart {
        void run() throws Exception;
    }

    private static List<Double> recommand(String what, CommandRegistry commands, PointId point, double value,
                                          DoubleSupplier atDevice, Restart restart) throws Exception {
        awaitVerified(commands, point, value, atDevice, -1, 30_000);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < RESTARTS; i++) {
            long verified = commands.command(point).map(c -> c.counters().verified()).orElse(0L);
            long t0 = System.nanoTime();
            restart.run();
            awaitVerified(commands, point, value, atDevice, verified, 60_000);
            ms.add((System.nanoTime() - t0) / 1e6);
            Thread.sleep(1500); // let the driver settle before the next power cycle
        }
        System.err.printf("commands: %s re-commanded and verified after a restart in %s ms%n", what, ms);
        return ms;
    }

    private static void awaitVerified(CommandRegistry commands, PointId point, double value, DoubleSupplier atDevice,
                                      long verifiedAbove, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<CommandStatus> c = commands.command(point);
            if (c.isPresent() && c.get().state() == CommandState.VERIFIED && c.get().counters().verified() > verifiedAbove
                    && Math.abs(atDevice.getAsDouble() - value) < 0.01) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(point + " was not re-commanded and verified within " + timeoutMs + " ms: "
                + commands.command(point));
    }

    private static double slot12(LoopbackDevices.Zone zone) {
        try {
            return zone.atPriority(12);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /**
     * Writes per point and hour, over every writable point ({@value #ALL}) and per kind of point (its name: the zones'
     * {@code cooling-setpoint}, the battery's {@code power-setpoint}, ...).
     */
    private static Map<String, Double> writesPerPointHour(Path repo, ProfileRegistry profiles) throws Exception {
        Path etc = repo.resolve("edge-config");
        Instant start = Instant.parse("2026-03-02T02:00:00Z");
        DemoBuilding building = new DemoBuilding(start, profiles);
        DispatchComponent dispatch = DemoDispatch.of(etc);
        try (VirtualCycle cycle = new VirtualCycle(etc, start)) {
            cycle.add((org.thermalcommons.edge.api.point.PointSource) building);
            cycle.add((org.thermalcommons.edge.api.point.PointSink) building);
            cycle.add((org.thermalcommons.edge.api.point.PointSource) dispatch);
            cycle.add(DemoAgent.of(etc));
            cycle.add(plannedInVirtualTime(dispatch, cycle.period()));
            long steps = Duration.ofHours(HOURS).dividedBy(cycle.period());
            for (long i = 0; i < steps; i++) {
                building.step(cycle.period());
                cycle.step();
            }
        } finally {
            DemoDispatch.close(dispatch);
        }
        Map<PointId, Long> writes = building.writes();
        if (writes.getOrDefault(BATTERY_SP, 0L) == 0) {
            throw new IllegalStateException("the battery dispatch wrote nothing in " + HOURS + " h (isolated?): " + writes);
        }
        long total = writes.values().stream().mapToLong(Long::longValue).sum();
        System.err.printf("commands: %s, %d h: writes per point %s%n", profiles == null ? "default policy" : "shipped policies",
                HOURS, writes);
        Map<String, Double> out = new TreeMap<>();
        out.put(ALL, total / (double) building.writablePoints() / HOURS);
        Map<String, long[]> byKind = new TreeMap<>();
        for (PointId p : building.writablePointIds()) {
            long[] k = byKind.computeIfAbsent(p.name(), n -> new long[2]);
            k[0] += writes.getOrDefault(p, 0L);
            k[1]++;
        }
        byKind.forEach((kind, k) -> out.put(kind, k[0] / (double) k[1] / HOURS));
        return out;
    }

    /**
     * The dispatch as the cycle runs it, planning on the calling thread (virtual time, deterministic). Its budget is the
     * cycle's cap: in production it plans on a thread of its own and returns at once, so the wall time a plan takes
     * here is time no production cycle waits for; with the 50 ms default a cold solve would be discarded and the
     * battery left out of the figure.
     */
    private static Controller plannedInVirtualTime(DispatchComponent d, Duration period) {
        return new Controller() {
            @Override
            public String id() {
                return d.id();
            }

            @Override
            public WritePriority priority() {
                return d.priority();
            }

            @Override
            public Duration timeBudget() {
                return period;
            }

            @Override
            public void run(CycleContext context) throws Exception {
                d.run(context);
            }
        };
    }

    private static Controller fixed(String id, WritePriority p, PointId point, double value) {
        return new Controller() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public WritePriority priority() {
                return p;
            }

            @Override
            public void run(CycleContext context) {
                context.request(point, value);
            }
        };
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static int freeUdp() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeTcp() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
