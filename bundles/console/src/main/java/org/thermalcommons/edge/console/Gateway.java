package org.thermalcommons.edge.console;

import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.market.MarketActivity;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.store.TimeSeriesStore;

/** What the console reads from the rest of the gateway; every service may come and go. */
public interface Gateway {
    /** The latest cycle's snapshot; empty before the first cycle. */
    Optional<PointSnapshot> snapshot();

    Optional<AuditLog> audit();

    Optional<TimeSeriesStore> store();

    Optional<CommandRegistry> commands();

    List<MetricsSource> metricsSources();

    List<HealthIndicator> healthIndicators();

    /** The market link's activity, when the market bundle runs. */
    default Optional<MarketActivity> market() {
        return Optional.empty();
    }

    /** The installer tools, when the commissioning bundle runs. */
    default Optional<org.thermalcommons.edge.api.commissioning.Commissioning> commissioning() {
        return Optional.empty();
    }

    /** The configuration editor, when the config bundle runs. */
    default Optional<org.thermalcommons.edge.api.config.ConfigurationEditor> configuration() {
        return Optional.empty();
    }

    /** Every bundle of the framework, by id. */
    default List<BundleInfo> bundles() {
        return List.of();
    }

    /** The deployment manager (signed jars in deploy/, rollback), when it runs. */
    default Optional<org.thermalcommons.edge.api.deploy.DeploymentManager> deployments() {
        return Optional.empty();
    }

    /** The features of the distribution, turned on and off at run time, when the service runs. */
    default Optional<org.thermalcommons.edge.api.deploy.FeatureManager> features() {
        return Optional.empty();
    }
}
