package org.thermalcommons.edge.store;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.store.TimeSeriesStore;

/**
 * Health of the store, a required component. Kept apart from {@link StoreComponent} so that it is there when the
 * store failed to start (a component whose activation fails registers no service): then it reports DOWN, naming the
 * data directory when that is what is wrong. With the store running it reports the store's own health.
 */
@Component(service = HealthIndicator.class, immediate = true, configurationPid = StoreComponent.PID)
public class StoreHealthComponent implements HealthIndicator {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(component.name=org.thermalcommons.edge.store.StoreComponent)")
    volatile TimeSeriesStore store;

    private volatile String notRunning = "the store is not running";

    @Activate
    @Modified
    void activate(BundleContext context, StoreComponent.Config config) {
        Path dir = StoreComponent.dataDir(context, config);
        try {
            DataDirectory.checkWritable(dir);
            notRunning = "the store is not running (its start-up error is in the log)";
        } catch (StoreUnavailableException e) {
            notRunning = e.getMessage();
        }
    }

    @Override
    public String component() {
        return "store";
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public Health health() {
        TimeSeriesStore s = store;
        if (s instanceof StoreComponent running) {
            return running.health();
        }
        return Health.down(notRunning);
    }
}
