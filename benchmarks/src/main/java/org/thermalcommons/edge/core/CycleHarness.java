package org.thermalcommons.edge.core;

import java.util.Map;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.bench.Configs;

/**
 * Drives the real {@link ControlCycleComponent} (its own thread, scheduling, engine and command layer) outside OSGi for
 * the benchmarks, with its production defaults except the period. Lives in the core's package only to reach the
 * package-private DS methods, as a unit test would.
 */
public final class CycleHarness implements AutoCloseable {
    private final ControlCycleComponent component = new ControlCycleComponent();
    private boolean safeState;

    public CycleHarness(EdgeClock clock, PointSource source, PointSink sink, Iterable<Controller> controllers) {
        this(clock, controllers);
        component.bindSource(source);
        component.bindSink(sink);
    }

    public CycleHarness(EdgeClock clock, Iterable<Controller> controllers) {
        component.bindClock(clock);
        for (Controller c : controllers) {
            component.bindController(c, Map.of());
        }
    }

    public void add(PointSource source, PointSink sink) {
        component.bindSource(source);
        component.bindSink(sink);
    }

    public void remove(PointSource source, PointSink sink) {
        component.unbindSink(sink);
        component.unbindSource(source);
    }

    /** Whether stopping writes the safe values (off by default: benchmarks measure the cycle, not the shutdown). */
    public CycleHarness safeState(boolean on) {
        safeState = on;
        return this;
    }

    public void start(int periodMs) {
        component.start(Configs.annotation(ControlCycleComponent.Config.class,
                Map.of("periodMs", periodMs, "safeStateOnShutdown", safeState)));
    }

    public ControlCycle cycle() {
        return component;
    }

    public CommandRegistry commands() {
        return component;
    }

    @Override
    public void close() throws InterruptedException {
        component.deactivate();
    }
}
