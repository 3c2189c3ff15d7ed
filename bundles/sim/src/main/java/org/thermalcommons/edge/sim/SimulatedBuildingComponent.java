package org.thermalcommons.edge.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.WriteOutcome;
import java.util.function.Consumer;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * The simulated building as services: its clock, which outranks the system clock so the whole gateway runs on
 * simulated time, and either its points in-process (registered as {@link PointSource} and {@link PointSink} with
 * source id {@code sim}) or its devices on the wire (BACnet/IP and Modbus TCP servers on loopback, read by the
 * drivers; no point services then). A thread of its own steps the physics; reads never block.
 */
@Component(service = EdgeClock.class, immediate = true,
        configurationPid = SimulatedBuildingComponent.PID, property = {"service.ranking:Integer=100", "clock=simulation"})
@Designate(ocd = SimulatedBuildingComponent.Config.class)
public class SimulatedBuildingComponent implements PointSource, PointSink, EdgeClock {
    static final String PID = "org.thermalcommons.edge.sim.SimulatedBuilding";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedBuildingComponent.class);

    @ObjectClassDefinition(name = "COOL Edge simulated building", description = "A tropical commercial building for demos and tests")
    @interface Config {
        @AttributeDefinition(name = "Random seed") long seed() default 42;

        @AttributeDefinition(name = "Speed (x real time)", min = "0.1", max = "1000") double speed() default 1.0;

        @AttributeDefinition(name = "Thermal zones", min = "1", max = "32") int zones() default 4;

        @AttributeDefinition(name = "Start time (ISO-8601 UTC)") String startTime() default "2026-03-02T00:00:00Z";

        @AttributeDefinition(name = "PV peak power (kWp)", min = "0", max = "10000") double pvKwp() default 150;

        @AttributeDefinition(name = "Battery capacity (kWh)", min = "1", max = "100000") double batteryKwh() default 200;

        @AttributeDefinition(name = "Battery max power (kW)", min = "1", max = "10000") double batteryMaxKw() default 100;

        @AttributeDefinition(name = "Battery initial SOC (%)", min = "0", max = "100") double batteryInitialSocPercent() default 50;

        @AttributeDefinition(name = "Default cooling setpoint (°C)", min = "18", max = "30") double defaultSetpointCelsius() default 24;

        @AttributeDefinition(name = "Simulation step (s of simulated time)", min = "1", max = "60") int stepSeconds() default 10;

        @AttributeDefinition(name = "Heat-pump water heater (kW electric)", description = "0: the building has no heat pump",
                min = "0", max = "200") double heatPumpKw() default 0;

        @AttributeDefinition(name = "Serve points", description = "in-process: as a point source and sink; wire: over BACnet/IP and Modbus TCP on loopback, for the drivers",
                options = {@org.osgi.service.metatype.annotations.Option(value = "in-process"), @org.osgi.service.metatype.annotations.Option(value = "wire")})
        String serve() default "in-process";

        @AttributeDefinition(name = "Wire: first zone's BACnet UDP port", min = "1024", max = "65000") int bacnetBasePort() default 47809;

        @AttributeDefinition(name = "Wire: first zone's BACnet device instance", min = "1", max = "4194000") int firstZoneInstance() default 1001;

        @AttributeDefinition(name = "Wire: battery Modbus TCP port (meter: +1, heat pump: +2)", min = "1024", max = "65000") int modbusBasePort() default 15020;

        @AttributeDefinition(name = "Wire: zone profile") String zoneProfile() default "bacnet-zone-controller";

        @AttributeDefinition(name = "Wire: battery profile") String batteryProfile() default "modbus-battery-inverter";

        @AttributeDefinition(name = "Wire: meter profile") String meterProfile() default "modbus-meter";

        @AttributeDefinition(name = "Wire: heat pump profile") String heatPumpProfile() default "modbus-heatpump-sgready";

        @AttributeDefinition(name = "Wire: highest setpoint the zone controllers accept (°C)", description = "Their own max-pres-value;"
                + " a higher write is refused with value-out-of-range. Default: the profile's maximum", min = "18", max = "30")
        double wireZoneSetpointMaxCelsius() default 30;

        @AttributeDefinition(name = "Grid stress from the built-in schedule",
                description = "false: the building has no grid-stress point of its own (a market link provides the signal)")
        boolean gridStressSchedule() default true;

        @AttributeDefinition(name = "Wall-clock instant at which the simulation is at its start time (ISO-8601 UTC)",
                description = "Empty: when it starts. Set, a simulation started later joins at startTime + speed x the"
                        + " wall time since then, so several simulated buildings and a market share one clock")
        String startWallTime() default "";
    }

    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    org.thermalcommons.edge.api.profile.ProfileRegistry profiles;

    private volatile WireServers wire;
    private static final PointId GRID_STRESS = PointId.of("site", "grid-stress");
    private boolean gridStress = true;

    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong rejectedWrites = new AtomicLong();
    private volatile Map<PointId, PointValue> latest = Map.of();
    private List<PointDefinition> definitions;
    private Building building;
    private SimClock clock;
    private Duration step;
    private ScheduledExecutorService stepper;
    private ServiceRegistration<?> pointServices;

    @Activate
    void activate(Config c, BundleContext context) {
        build(c, System::nanoTime);
        startStepping();
        if (wire == null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("sourceId", sourceId());
            pointServices = context.registerService(new String[] {PointSource.class.getName(), PointSink.class.getName()}, this, props);
        }
    }

    /**
     * Validates the configuration, builds the model on a clock driven by the given monotonic wall clock (nanoseconds)
     * and, for {@code serve = wire}, opens the servers. Nothing is stepped until {@link #startStepping} (or a test
     * calling {@link #advance}).
     */
    void build(Config c, LongSupplier wallNanos) {
        Instant start;
        try {
            start = Instant.parse(c.startTime());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("startTime '" + c.startTime() + "' is not an ISO-8601 instant such as 2026-03-02T00:00:00Z", e);
        }
        if (!(c.speed() >= 0.1 && c.speed() <= 1000)) {
            throw new IllegalArgumentException("speed must be 0.1..1000, was " + c.speed());
        }
        if (!c.startWallTime().isBlank()) {
            try {
                long elapsed = System.currentTimeMillis() - Instant.parse(c.startWallTime().trim()).toEpochMilli();
                start = start.plusMillis((long) (elapsed * c.speed()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("startWallTime '" + c.startWallTime() + "' is not an ISO-8601 instant", e);
            }
        }
        if (c.stepSeconds() < 1 || c.stepSeconds() > 60) {
            throw new IllegalArgumentException("stepSeconds must be 1..60, was " + c.stepSeconds());
        }
        if (!(c.batteryKwh() > 0) || !(c.batteryMaxKw() > 0)) {
            throw new IllegalArgumentException("batteryKwh and batteryMaxKw must be > 0");
        }
        if (c.defaultSetpointCelsius() < Building.SETPOINT_MIN || c.defaultSetpointCelsius() > Building.SETPOINT_MAX) {
            throw new IllegalArgumentException("defaultSetpointCelsius must be " + Building.SETPOINT_MIN + ".." + Building.SETPOINT_MAX);
        }
        building = new Building(new Building.Parameters(c.seed(), c.zones(), c.pvKwp(), c.batteryKwh(), c.batteryMaxKw(),
                c.batteryInitialSocPercent(), c.defaultSetpointCelsius(), c.heatPumpKw()), start);
        gridStress = c.gridStressSchedule();
        definitions = withoutGridStress(building.definitions());
        clock = new SimClock(start, c.speed(), wallNanos);
        step = Duration.ofSeconds(c.stepSeconds());
        latest = withoutGridStress(building.values());
        if (c.serve().equals("wire")) {
            if (profiles == null) {
                throw new IllegalStateException("serve = wire needs the profiles feature (device profiles lay out the simulated devices)");
            }
            try {
                wire = new WireServers(definitions, latest, profile(c.zoneProfile()), profile(c.batteryProfile()), profile(c.meterProfile()),
                        building.heatPump.isPresent() ? Optional.of(profile(c.heatPumpProfile())) : Optional.empty(),
                        c.bacnetBasePort(), c.firstZoneInstance(), c.modbusBasePort(), c.wireZoneSetpointMaxCelsius());
            } catch (Exception e) {
                throw new IllegalStateException("cannot serve the simulated building on the wire: " + e.getMessage(), e);
            }
            // Points reach the gateway only through its drivers.
            definitions = List.of();
            latest = Map.of();
        } else if (!c.serve().equals("in-process")) {
            throw new IllegalArgumentException("serve must be in-process or wire, was '" + c.serve() + "'");
        }
        LOG.info("Simulated building: {} zones, PV {} kWp, battery {} kWh / {} kW, heat pump {} kW, {}x from {}, points {}",
                c.zones(), c.pvKwp(), c.batteryKwh(), c.batteryMaxKw(), c.heatPumpKw(), c.speed(), start,
                wire == null ? "in-process" : "on the wire");
    }

    /** Starts the thread that advances the simulation to the clock's time ten times a wall second. */
    void startStepping() {
        stepper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-sim");
            t.setDaemon(true);
            return t;
        });
        stepper.scheduleAtFixedRate(this::advance, 0, 100, TimeUnit.MILLISECONDS);
    }

    private org.thermalcommons.edge.api.profile.DeviceProfile profile(String id) {
        return profiles.find(id).orElseThrow(() -> new IllegalArgumentException("profile '" + id + "' not found"));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (pointServices != null) {
            pointServices.unregister();
            pointServices = null;
        }
        if (stepper != null) {
            stepper.shutdown();
            if (!stepper.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Simulation stepping thread did not stop within 5 s; interrupting it");
                stepper.shutdownNow();
            }
        }
        if (wire != null) {
            wire.close();
            wire = null;
        }
    }

    /** Applies queued writes and steps the physics up to the clock's time. Runs on the stepping thread. */
    void advance() {
        try {
            for (Runnable r; (r = pending.poll()) != null; ) {
                r.run();
            }
            if (wire != null) {
                wire.collectWrites(building::write);
            }
            Instant target = clock.now();
            int steps = 0;
            while (!building.now().plus(step).isAfter(target)) {
                building.step(step);
                steps++;
            }
            Map<PointId, PointValue> values = withoutGridStress(building.values());
            if (wire != null) {
                wire.publish(values, steps * step.toMillis() / 3.6e6, building.gridKw());
            } else {
                latest = withoutGridStress(values);
            }
        } catch (RuntimeException e) {
            LOG.error("Simulation step failed; retried at the next tick", e);
        }
    }

    /**
     * Without the schedule ({@code gridStressSchedule = false}) the building has no grid-stress point of its own, so
     * the only grid-stress level on the gateway is the market's signal. (On the wire, give the meter a profile without
     * the grid-stress register, e.g. {@code modbus-meter-basic}.)
     */
    private List<PointDefinition> withoutGridStress(List<PointDefinition> defs) {
        return gridStress ? defs : defs.stream().filter(d -> !d.id().equals(GRID_STRESS)).toList();
    }

    private Map<PointId, PointValue> withoutGridStress(Map<PointId, PointValue> values) {
        if (gridStress) {
            return values;
        }
        Map<PointId, PointValue> m = new java.util.HashMap<>(values);
        m.remove(GRID_STRESS);
        return Map.copyOf(m);
    }

    /** Writes refused (in-process: unknown, read-only or outside limits; wire: outside the profile's limits). */
    long rejectedWrites() {
        WireServers w = wire;
        return rejectedWrites.get() + (w == null ? 0 : w.rejectedWrites());
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public double speed() {
        return clock.speed();
    }

    @Override
    public String sourceId() {
        return "sim";
    }

    @Override
    public List<PointDefinition> points() {
        return definitions;
    }

    @Override
    public Map<PointId, PointValue> latestValues() {
        return latest;
    }

    @Override
    public String sinkId() {
        return "sim";
    }

    @Override
    public boolean canWrite(PointId point) {
        return definitions.stream().anyMatch(d -> d.writable() && d.id().equals(point));
    }

    @Override
    public void write(PointId point, double value, Consumer<WriteOutcome> done) {
        PointDefinition d = definitions.stream().filter(x -> x.id().equals(point)).findFirst().orElse(null);
        if (d == null || !d.writable() || !d.limits().contains(value)) {
            rejectedWrites.incrementAndGet();
            String why = d == null ? "no such point" : !d.writable() ? "not writable"
                    : "outside its limits " + d.limits().min() + ".." + d.limits().max();
            LOG.warn("Write to {} = {} rejected: {}", point, value, why);
            done.accept(WriteOutcome.refused(why));
            return;
        }
        pending.add(() -> {
            building.write(point, value);
            done.accept(WriteOutcome.accepted());
        });
    }

    @Override
    public void relinquish(PointId point, Consumer<WriteOutcome> done) {
        pending.add(() -> {
            building.relinquish(point);
            done.accept(WriteOutcome.accepted());
        });
    }
}
