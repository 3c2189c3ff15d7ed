package org.thermalcommons.edge.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.bench.Configs;

/**
 * The production cycle engine and command layer, configured from the demo's {@code Cycle.cfg}, stepped in virtual
 * time: the gateway clock and the monotonic clock that times minimum intervals, heartbeats and back-off advance
 * together by one period per cycle, so an hour of operation runs in seconds with the same policies (benchmarks).
 */
public final class VirtualCycle implements AutoCloseable {
    private final CycleEngine engine;
    private final Duration period;
    private Instant now;
    private long nanos = 1_000_000_000L;

    public VirtualCycle(Path edgeConfig, Instant start) throws Exception {
        engine = new CycleEngine(() -> nanos);
        ControlCycleComponent.Config c = Configs.fromFile(ControlCycleComponent.Config.class,
                edgeConfig.resolve(ControlCycleComponent.PID + ".cfg"), Map.of());
        ControlCycleComponent.configure(engine, c);
        period = Duration.ofMillis(c.periodMs());
        now = start;
        engine.setClock(new EdgeClock() {
            @Override
            public Instant now() {
                return now;
            }
        });
    }

    public void add(PointSource source) {
        engine.addSource(source);
    }

    public void add(PointSink sink) {
        engine.addSink(sink);
    }

    public void add(Controller c) {
        engine.addController(c, Map.of());
    }

    public Duration period() {
        return period;
    }

    public Instant now() {
        return now;
    }

    /** One cycle at the current virtual time, then the clocks advance by one period. */
    public void step() {
        engine.runCycle(Duration.ZERO);
        now = now.plus(period);
        nanos += period.toNanos();
    }

    public CommandRegistry commands() {
        return engine.commands;
    }

    @Override
    public void close() {
        engine.close();
    }
}
