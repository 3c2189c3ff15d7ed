package org.thermalcommons.edge.store;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.store.TimeSeriesStore;

/**
 * Health of the store, a required component, and the gate in front of it. {@link StoreComponent} is disabled until
 * this component has checked that its data directory can be written and its database is not from a newer version
 * ({@link Database#preflight}); only then is it enabled. So an unwritable directory gives one line in the log (not an
 * activation failure retried, with a stack trace, every time a consumer asks for the store), the store's services
 * stay absent, and this indicator reports DOWN with that line. With the store running it reports the store's own
 * health (DOWN while writes fail, DEGRADED while samples are dropped).
 */
@Component(service = HealthIndicator.class, immediate = true, configurationPid = StoreComponent.PID)
public class StoreHealthComponent implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(StoreHealthComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(component.name=" + StoreComponent.NAME + ")")
    volatile TimeSeriesStore store;

    private volatile String notRunning = "the store is not running";
    private String lastProblem;

    @Activate
    @Modified
    void activate(ComponentContext component, BundleContext context, StoreComponent.Config config) {
        Path dir = StoreComponent.dataDir(context, config);
        try {
            Database.preflight(dir);
            notRunning = "the store is starting or stopped";
            lastProblem = null;
            component.enableComponent(StoreComponent.NAME);
        } catch (StoreUnavailableException e) {
            notRunning = e.getMessage();
            component.disableComponent(StoreComponent.NAME);
            if (!e.getMessage().equals(lastProblem)) {
                LOG.error(e.getMessage());
                lastProblem = e.getMessage();
            }
        }
    }

    @Deactivate
    void deactivate(ComponentContext component) {
        component.disableComponent(StoreComponent.NAME);
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
