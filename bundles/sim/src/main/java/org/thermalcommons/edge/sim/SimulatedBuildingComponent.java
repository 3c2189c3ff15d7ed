package org.thermalcommons.edge.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * The simulated building as services: its points (source and sink) and its clock, which outranks the system clock so
 * the whole gateway runs on simulated time. A thread of its own steps the physics; reads never block.
 */
@Component(service = {PointSource.class, PointSink.class, EdgeClock.class}, immediate = true,
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
    }

    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong rejectedWrites = new AtomicLong();
    private volatile Map<PointId, PointValue> latest = Map.of();
    private List<PointDefinition> definitions;
    private Building building;
    private SimClock clock;
    private Duration step;
    private ScheduledExecutorService stepper;

    @Activate
    void activate(Config c) {
        Instant start;
        try {
            start = Instant.parse(c.startTime());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("startTime '" + c.startTime() + "' is not an ISO-8601 instant such as 2026-03-02T00:00:00Z", e);
        }
        building = new Building(new Building.Parameters(c.seed(), c.zones(), c.pvKwp(), c.batteryKwh(), c.batteryMaxKw(),
                c.batteryInitialSocPercent(), c.defaultSetpointCelsius()), start);
        definitions = building.definitions();
        clock = new SimClock(start, c.speed(), System::nanoTime);
        step = Duration.ofSeconds(c.stepSeconds());
        latest = building.values();
        stepper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-sim");
            t.setDaemon(true);
            return t;
        });
        stepper.scheduleAtFixedRate(this::advance, 0, 100, TimeUnit.MILLISECONDS);
        LOG.info("Simulated building: {} zones, PV {} kWp, battery {} kWh / {} kW, {}x from {}", c.zones(), c.pvKwp(),
                c.batteryKwh(), c.batteryMaxKw(), c.speed(), start);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stepper.shutdown();
        stepper.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Applies queued writes and steps the physics up to the clock's time. Runs on the stepping thread. */
    void advance() {
        try {
            for (Runnable r; (r = pending.poll()) != null; ) {
                r.run();
            }
            Instant target = clock.now();
            while (!building.now().plus(step).isAfter(target)) {
                building.step(step);
            }
            latest = building.values();
        } catch (RuntimeException e) {
            LOG.error("Simulation step failed; retried at the next tick", e);
        }
    }

    long rejectedWrites() {
        return rejectedWrites.get();
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
    public void write(WriteRequest request) {
        PointDefinition d = definitions.stream().filter(x -> x.id().equals(request.point())).findFirst().orElse(null);
        if (d == null || !d.writable() || !d.limits().contains(request.value())) {
            rejectedWrites.incrementAndGet();
            LOG.warn("Write to {} = {} by {} rejected: {}", request.point(), request.value(), request.origin(),
                    d == null ? "no such point" : !d.writable() ? "not writable" : "outside its limits " + d.limits().min() + ".." + d.limits().max());
            return;
        }
        pending.add(() -> building.write(request.point(), request.value()));
    }

    @Override
    public void relinquish(PointId point) {
        pending.add(() -> building.relinquish(point));
    }
}
