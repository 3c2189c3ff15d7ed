package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointId;

/** The context one controller sees during one run; collects its requests and releases (controller thread only). */
final class RunContext implements CycleContext {
    private final ControllerEntry entry;
    private final long cycle;
    private final Instant now;
    private final Duration period;
    private final Duration elapsed;
    private final PointSnapshot snapshot;
    final List<WriteRequest> requests = new ArrayList<>();
    final List<PointId> releases = new ArrayList<>();

    RunContext(ControllerEntry entry, long cycle, Instant now, Duration period, PointSnapshot snapshot) {
        this.entry = entry;
        this.cycle = cycle;
        this.now = now;
        this.period = period;
        this.snapshot = snapshot;
        Instant last = entry.lastSuccessAt;
        Duration e = last == null ? Duration.ZERO : Duration.between(last, now);
        this.elapsed = e.isNegative() ? Duration.ZERO : e;
    }

    @Override
    public long cycle() {
        return cycle;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Duration period() {
        return period;
    }

    @Override
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public PointSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public void request(PointId point, double value) {
        requests.add(new WriteRequest(point, value, entry.priority, entry.id));
    }

    @Override
    public void release(PointId point) {
        releases.add(point);
    }
}
