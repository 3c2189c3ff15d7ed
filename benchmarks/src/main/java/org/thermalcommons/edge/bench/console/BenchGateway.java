package org.thermalcommons.edge.bench.console;

import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.store.TimeSeriesStore;
import org.thermalcommons.edge.console.Gateway;

/** The gateway around the console in the benchmark: the real store, the snapshots the feed hands over. */
final class BenchGateway implements Gateway {
    private final TimeSeriesStore store;
    volatile PointSnapshot snapshot;

    BenchGateway(TimeSeriesStore store) {
        this.store = store;
    }

    @Override
    public Optional<PointSnapshot> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    @Override
    public Optional<AuditLog> audit() {
        return Optional.empty();
    }

    @Override
    public Optional<TimeSeriesStore> store() {
        return Optional.of(store);
    }

    @Override
    public Optional<CommandRegistry> commands() {
        return Optional.empty();
    }

    @Override
    public List<MetricsSource> metricsSources() {
        return List.of();
    }

    @Override
    public List<HealthIndicator> healthIndicators() {
        return List.of();
    }
}
