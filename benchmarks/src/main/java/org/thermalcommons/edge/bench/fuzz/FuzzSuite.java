package org.thermalcommons.edge.bench.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.config.ConfigHarness;
import org.thermalcommons.edge.core.CycleHarness;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.fuzz.Mutator;
import org.thermalcommons.edge.profiles.ProfileHarness;

/**
 * Hostile configuration and profile files through the production loaders (the same seeded generator as the fuzz
 * tests: 10,000 .cfg files and 10,000 profiles by default) while the real control cycle runs beside them at the
 * demo's period. Prints how many inputs, how many crashed a loader (an exception or error that escaped, an internal
 * error, a dead thread: must be 0), how many were rejected, and the cycle's start lateness p99 during the fuzzing.
 * BACnet datagrams and Modbus responses are fuzzed in the driver modules' tests.
 */
public final class FuzzSuite implements Suite {
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 10_000);
    static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    static final int PERIOD_MS = Integer.getInteger("fuzz.periodMs", 1000);

    @Override
    public String name() {
        return "fuzz";
    }

    @Override
    public void run(Figures figures) throws Exception {
        AtomicLong threadDeaths = new AtomicLong();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> threadDeaths.incrementAndGet());
        Path work = Files.createTempDirectory("cool-edge-fuzz");
        Path etc = Files.createDirectories(work.resolve("etc"));
        Path profiles = Files.createDirectories(work.resolve("profiles"));
        Path shipped = Path.of(System.getProperty("cool.edge.repo", "."), "modbus-bacnet-profiles");
        try (Stream<Path> s = Files.list(shipped)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()));
            }
        }
        String cfgBase = Files.readString(Path.of(System.getProperty("cool.edge.repo", "."), "edge-config",
                ConfigHarness.CYCLE_PID + ".cfg"));
        Path cfg = Files.writeString(etc.resolve(ConfigHarness.CYCLE_PID + ".cfg"), cfgBase);
        Path profile = profiles.resolve("modbus-meter.json");
        String profileBase = Files.readString(profile);

        ConfigHarness config = new ConfigHarness(etc);
        config.scan();
        ProfileHarness registry = new ProfileHarness(profiles);
        int shippedCount = registry.loaded();
        Mutator m = new Mutator(SEED);
        long crashes = 0;
        Devices devices = new Devices();
        try (CycleHarness cycle = new CycleHarness(Instant::now, devices, devices, List.of(new Nudge(devices)))) {
            cycle.start(PERIOD_MS);
            long t0 = System.nanoTime();
            for (int i = 0; i < INPUTS; i++) {
                crashes += step(() -> {
                    Files.write(cfg, m.mutate(cfgBase, InputKind.CONFIG_FILE.maxBytes()));
                    return cfg;
                }, i, config::scan);
                crashes += step(() -> {
                    Files.write(profile, m.mutate(profileBase, InputKind.PROFILE.maxBytes()));
                    return profile;
                }, i, registry::scan);
                if (!config.validInForce() || !registry.has("modbus-meter") || registry.loaded() != shippedCount) {
                    crashes++; // the valid state was lost
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            CycleStatistics s = cycle.cycle().statistics();
            crashes += config.internalErrors() + registry.internalErrors() + threadDeaths.get();
            System.err.printf("fuzz: %d cfg + %d profile inputs in %.1f s beside %d cycles at %d ms; rejected cfg %s,"
                    + " profiles %s%n", INPUTS, INPUTS, seconds, s.cycles(), PERIOD_MS, config.rejectedByRule(),
                    registry.rejectedByRule());
            figures.report("inputs", 2.0 * INPUTS, "inputs");
            figures.report("crashes", crashes, "crashes");
            figures.report("rejected", config.rejected() + registry.rejected(), "inputs");
            figures.report("cycle_lateness_p99_ms", s.latenessP99Micros() / 1000.0, "ms");
            figures.report("cycles", s.cycles(), "cycles");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(null);
        }
    }

    interface Write {
        Path write() throws Exception;
    }

    /** Writes one input and lets the loader scan it; returns 1 if anything escaped the loader. */
    private static long step(Write write, int i, Runnable scan) {
        try {
            Path p = write.write();
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L + i * 1000L));
            scan.run();
            return 0;
        } catch (Throwable e) { // NOPMD: a crash is what this suite counts
            System.err.println("fuzz: input " + i + " crashed a loader: " + e);
            return 1;
        }
    }

    /** 100 points from a driver-like source, fresh on every read; writes accepted at once. */
    static final class Devices implements PointSource, PointSink {
        final List<PointDefinition> defs = new ArrayList<>();
        final Map<PointId, PointValue> values = new ConcurrentHashMap<>();

        Devices() {
            for (int i = 0; i < 100; i++) {
                PointId id = PointId.of("zone-" + (i / 10), "p" + i);
                defs.add(i < 10
                        ? PointDefinition.writable(id, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS,
                        Limits.of(18, 30), Duration.ofSeconds(10), OptionalDouble.empty())
                        : PointDefinition.readOnly(id, Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, Duration.ofSeconds(10)));
            }
        }

        @Override
        public String sourceId() {
            return "fuzz";
        }

        @Override
        public List<PointDefinition> points() {
            return defs;
        }

        @Override
        public Map<PointId, PointValue> latestValues() {
            Instant now = Instant.now();
            for (PointDefinition d : defs) {
                values.put(d.id(), PointValue.good(d.id(), 24, d.unit(), now));
            }
            return values;
        }

        @Override
        public String sinkId() {
            return "fuzz";
        }

        @Override
        public boolean canWrite(PointId point) {
            return true;
        }

        @Override
        public void write(PointId point, double value, Consumer<WriteOutcome> done) {
            done.accept(WriteOutcome.accepted());
        }

        @Override
        public void relinquish(PointId point, Consumer<WriteOutcome> done) {
            done.accept(WriteOutcome.accepted());
        }
    }

    /** A comfort-like controller: reads the zone temperatures, writes the setpoints. */
    static final class Nudge implements Controller {
        private final Devices devices;

        Nudge(Devices devices) {
            this.devices = devices;
        }

        @Override
        public String id() {
            return "fuzz-nudge";
        }

        @Override
        public WritePriority priority() {
            return WritePriority.values()[WritePriority.values().length - 1];
        }

        @Override
        public void run(CycleContext ctx) {
            double sum = 0;
            for (PointDefinition d : devices.defs) {
                sum += ctx.snapshot().goodValue(d.id()).map(PointValue::value).orElse(0.0);
            }
            double target = 18 + (sum / devices.defs.size() + ctx.cycle()) % 12;
            for (int i = 0; i < 10; i++) {
                ctx.request(devices.defs.get(i).id(), target);
            }
        }
    }
}
