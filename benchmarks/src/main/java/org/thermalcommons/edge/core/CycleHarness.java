package org.thermalcommons.edge.core;

import java.lang.annotation.Annotation;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * Drives the real {@link ControlCycleComponent} (its own thread, scheduling and engine) outside OSGi for the cycle
 * benchmark. Lives in the core's package only to reach the package-private DS methods, as a unit test would.
 */
public final class CycleHarness implements AutoCloseable {
    private final ControlCycleComponent component = new ControlCycleComponent();

    public CycleHarness(EdgeClock clock, PointSource source, PointSink sink, Iterable<Controller> controllers) {
        component.bindClock(clock);
        component.bindSource(source);
        component.bindSink(sink);
        for (Controller c : controllers) {
            component.bindController(c);
        }
    }

    public void start(int periodMs) {
        component.activate(new ControlCycleComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ControlCycleComponent.Config.class;
            }

            @Override
            public int periodMs() {
                return periodMs;
            }

            @Override
            public int maxConsecutiveFailures() {
                return 3;
            }

            @Override
            public boolean safeStateOnShutdown() {
                return false;
            }
        });
    }

    public ControlCycle cycle() {
        return component;
    }

    @Override
    public void close() throws InterruptedException {
        component.deactivate();
    }
}
