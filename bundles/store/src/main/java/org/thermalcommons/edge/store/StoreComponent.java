package org.thermalcommons.edge.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.CycleListener;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.api.store.TimeSeriesStore;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * The store as a service: time series of every point the cycle sees, and the audit log, in SQLite under the data
 * directory. Receives each cycle's snapshot on the cycle thread and only queues it.
 */
@Component(service = {TimeSeriesStore.class, AuditLog.class, CycleListener.class}, immediate = true,
        configurationPid = StoreComponent.PID)
@Designate(ocd = StoreComponent.Config.class)
public class StoreComponent implements TimeSeriesStore, AuditLog, CycleListener {
    static final String PID = "org.thermalcommons.edge.store.Store";
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    @ObjectClassDefinition(name = "COOL Edge store", description = "SQLite time series and audit log")
    @interface Config {
        @AttributeDefinition(name = "Data directory", description = "Empty: the gateway's data directory (framework property cool.edge.data)")
        String dataDir() default "";

        @AttributeDefinition(name = "Sample retention (days)", min = "1", max = "3650")
        int retentionDays() default 30;

        @AttributeDefinition(name = "Audit retention (days)", min = "1", max = "3650")
        int auditRetentionDays() default 365;

        @AttributeDefinition(name = "Queue capacity (samples)", min = "1000", max = "10000000")
        int queueCapacity() default 200_000;

        @AttributeDefinition(name = "Batch size (samples per transaction)", min = "1", max = "100000")
        int batchSize() default 5_000;
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EdgeClock clock;

    private Database db;

    @Activate
    void activate(BundleContext context, Config config) {
        String dir = config.dataDir().isBlank()
                ? Optional.ofNullable(context.getProperty("cool.edge.data")).orElse("data") : config.dataDir();
        start(Path.of(dir), config);
    }

    void start(Path dir, Config config) {
        Database.Settings s = new Database.Settings(config.queueCapacity(), config.batchSize(),
                Duration.ofDays(config.retentionDays()), Duration.ofDays(config.auditRetentionDays()), Duration.ofMinutes(10));
        try {
            db = Database.open(dir, s, this::now);
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        LOG.info("Store open: {} (retention {} days)", db.file(), config.retentionDays());
    }

    private Instant now() {
        EdgeClock c = clock;
        return c != null ? c.now() : Instant.now();
    }

    @Deactivate
    void deactivate() {
        db.close();
        LOG.info("Store closed: {} samples written, {} dropped", db.storedSamples(), db.droppedSamples());
    }

    @Override
    public void cycleCompleted(CycleReport report) {
        db.enqueue(report.snapshot().values().values());
    }

    @Override
    public void append(List<PointValue> samples) {
        db.enqueue(samples);
    }

    @Override
    public List<PointValue> history(PointId point, Instant from, Instant to, int limit) {
        return db.history(point, from, to, limit);
    }

    @Override
    public Series buckets(PointId point, Instant from, Instant to, Resolution resolution) {
        return db.buckets(point, from, to, resolution);
    }

    @Override
    public Series chart(PointId point, Instant from, Instant to, int maxPoints) {
        return db.chart(point, from, to, maxPoints);
    }

    @Override
    public long storedSamples() {
        return db.storedSamples();
    }

    /** Samples dropped because the queue was full or a write failed. */
    public long droppedSamples() {
        return db.droppedSamples();
    }

    @Override
    public void record(AuditEvent event) {
        db.enqueue(event);
    }

    @Override
    public List<AuditEvent> since(Instant since, int limit) {
        return db.auditSince(since, limit);
    }
}
