package org.thermalcommons.edge.bench.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.core.CycleHarness;

/**
 * The real control cycle (thread, snapshot, controllers, arbitration, limits, sinks) with 1,000 points updated by a
 * driver-like thread and 20 controllers, each reading 50 points and writing 5 setpoints every cycle.
 * Prints duration p50/p99 and start lateness p99 (jitter) over the run.
 */
public final class CycleSuite implements Suite {
    static final int POINTS = 1000;
    static final int WRITABLE = 100;
    static final int CONTROLLERS = 20;
    static final int PERIOD_MS = Integer.getInteger("cycle.periodMs", 20);
    static final int SECONDS = Integer.getInteger("cycle.seconds", 30);

    @Override
    public String name() {
        return "cycle";
    }

    @Override
    public void run(Figures figures) throws Exception {
        EdgeClock clock = Instant::now;
        FakeDevices devices = new FakeDevices();
        List<Controller> controllers = new ArrayList<>();
        for (int c = 0; c < CONTROLLERS; c++) {
            controllers.add(new LoadController(c, devices));
        }
        Thread driver = new Thread(devices::updateLoop, "bench-driver");
        driver.setDaemon(true);
        driver.start();
        try (CycleHarness h = new CycleHarness(clock, devices, devices, controllers)) {
            // Warm up (JIT), then measure a fresh window.
            h.start(PERIOD_MS);
            Thread.sleep(3_000);
            h.close();
            try (CycleHarness m = new CycleHarness(clock, devices, devices, controllers)) {
                m.start(PERIOD_MS);
                Thread.sleep(SECONDS * 1000L);
                CycleStatistics s = m.cycle().statistics();
                System.err.printf("cycle: %d cycles at %d ms, %d overruns, %d writes%n", s.cycles(), PERIOD_MS,
                        s.overruns(), devices.writes.get());
                figures.report("duration_p50_ms", s.durationP50Micros() / 1000.0, "ms");
                figures.report("duration_p99_ms", s.durationP99Micros() / 1000.0, "ms");
                figures.report("lateness_p99_ms", s.latenessP99Micros() / 1000.0, "ms");
                figures.report("cycles", s.cycles(), "cycles");
            }
        } finally {
            devices.stop = true;
            driver.join(2000);
        }
    }

    /** 1,000 points (the first 100 writable), refreshed by a driver-like thread every 10 ms. */
    static final class FakeDevices implements PointSource, PointSink {
        final List<PointDefinition> defs = new ArrayList<>();
        final Map<PointId, PointValue> values = new ConcurrentHashMap<>();
        final AtomicLong writes = new AtomicLong();
        volatile boolean stop;

        FakeDevices() {
            for (int i = 0; i < POINTS; i++) {
                PointId id = PointId.of("dev-" + (i / 50), "p" + i);
                defs.add(i < WRITABLE
                        ? PointDefinition.writable(id, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS,
                        Limits.of(18, 30), Duration.ofSeconds(10), OptionalDouble.empty())
                        : PointDefinition.readOnly(id, Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, Duration.ofSeconds(10)));
            }
        }

        void updateLoop() {
            long n = 0;
            while (!stop) {
                Instant now = Instant.now();
                for (PointDefinition d : defs) {
                    values.put(d.id(), PointValue.good(d.id(), 20 + (n % 100) * 0.05, d.unit(), now));
                }
                n++;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public String sourceId() {
            return "bench";
        }

        @Override
        public List<PointDefinition> points() {
            return defs;
        }

        @Override
        public Map<PointId, PointValue> latestValues() {
            return values;
        }

        @Override
        public String sinkId() {
            return "bench";
        }

        @Override
        public boolean canWrite(PointId point) {
            return true;
        }

        @Override
        public void write(PointId point, double value, java.util.function.Consumer<org.thermalcommons.edge.api.point.WriteOutcome> done) {
            writes.incrementAndGet();
            done.accept(org.thermalcommons.edge.api.point.WriteOutcome.accepted());
        }

        @Override
        public void relinquish(PointId point, java.util.function.Consumer<org.thermalcommons.edge.api.point.WriteOutcome> done) {
            done.accept(org.thermalcommons.edge.api.point.WriteOutcome.accepted());
        }
    }

    /** Reads 50 points, averages them, writes 5 setpoints that change every cycle. */
    static final class LoadController implements Controller {
        private final int n;
        private final List<PointId> reads = new ArrayList<>();
        private final List<PointId> writes = new ArrayList<>();

        LoadController(int n, FakeDevices d) {
            this.n = n;
            for (int i = 0; i < 50; i++) {
                reads.add(d.defs.get((n * 50 + i) % POINTS).id());
            }
            for (int i = 0; i < 5; i++) {
                writes.add(d.defs.get(n * 5 + i).id());
            }
        }

        @Override
        public String id() {
            return "load-" + n;
        }

        @Override
        public WritePriority priority() {
            return WritePriority.values()[n % WritePriority.values().length];
        }

        @Override
        public void run(CycleContext ctx) {
            double sum = 0;
            for (PointId p : reads) {
                sum += ctx.snapshot().goodValue(p).map(PointValue::value).orElse(0.0);
            }
            double target = 18 + (sum / reads.size() + ctx.cycle()) % 12;
            for (PointId p : writes) {
                ctx.request(p, target);
            }
        }
    }
}
