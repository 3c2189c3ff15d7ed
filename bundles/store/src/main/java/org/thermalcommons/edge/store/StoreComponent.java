package org.thermalcommons.edge.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.api.store.TimeSeriesStore;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * The store as a service: time series of every point the cycle sees (samples and rollups), and the audit log, in
 * SQLite under the data directory. Receives each cycle's snapshot on the cycle thread and only queues it.
 * Enabled by {@link StoreHealthComponent} once the data directory is usable; that component reports its health.
 */
@Component(name = StoreComponent.NAME,
        service = {TimeSeriesStore.class, AuditLog.class, CycleListener.class, MetricsSource.class},
        immediate = true, enabled = false, configurationPid = StoreComponent.PID)
@Designate(ocd = StoreComponent.Config.class)
public class StoreComponent implements TimeSeriesStore, AuditLog, CycleListener, MetricsSource {
    static final String PID = "org.thermalcommons.edge.store.Store";
    /** Component name; disabled until {@link StoreHealthComponent} found its data directory usable. */
    static final String NAME = "org.thermalcommons.edge.store.StoreComponent";
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    @ObjectClassDefinition(name = "COOL Edge store", description = "SQLite time series (samples and rollups) and audit log")
    @interface Config {
        @AttributeDefinition(name = "Data directory", description = "Empty: the gateway's data directory (framework property cool.edge.data)")
        String dataDir() default "";

        @AttributeDefinition(name = "Sample retention (days)", min = "1", max = "3650")
        int retentionDays() default 30;

        @AttributeDefinition(name = "1-minute rollup retention (days)", min = "1", max = "3650")
        int minuteRetentionDays() default 3;

        @AttributeDefinition(name = "15-minute rollup retention (days)", min = "1", max = "3650")
        int quarterHourRetentionDays() default 400;

        @AttributeDefinition(name = "1-hour rollup retention (days)", min = "1", max = "7300")
        int hourRetentionDays() default 1100;

        @AttributeDefinition(name = "1-day rollup retention (days)", min = "1", max = "36500")
        int dayRetentionDays() default 3650;

        @AttributeDefinition(name = "Audit retention (days)", min = "1", max = "3650")
        int auditRetentionDays() default 365;

        @AttributeDefinition(name = "Queue capacity (samples)", min = "1000", max = "10000000")
        int queueCapacity() default 200_000;

        @AttributeDefinition(name = "Batch size (samples per transaction)", min = "1", max = "100000")
        int batchSize() default 5_000;

        @AttributeDefinition(name = "Minimum interval between stored samples (s)",
                description = "Of an analog or counter point; alarms, flags and states store every change", min = "0", max = "3600")
        int minIntervalSeconds() default 60;

        @AttributeDefinition(name = "Maximum interval between stored samples (s)",
                description = "A sample is stored at least this often even when the value holds", min = "1", max = "86400")
        int maxIntervalSeconds() default 900;

        @AttributeDefinition(name = "Deadband for °C", min = "0", max = "100")
        double deadbandCelsius() default 0.1;

        @AttributeDefinition(name = "Deadband for % and %RH", min = "0", max = "100")
        double deadbandPercent() default 0.5;

        @AttributeDefinition(name = "Deadband for kW (W: a thousand times it)", min = "0", max = "10000")
        double deadbandKilowatt() default 0.1;

        @AttributeDefinition(name = "Deadband for kWh counters", min = "0", max = "10000")
        double deadbandKilowattHour() default 0.1;

        @AttributeDefinition(name = "Rollup flush interval (s)",
                description = "How often open rollup buckets are written (closed buckets are written at once)", min = "1", max = "3600")
        int rollupFlushSeconds() default 60;
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EdgeClock clock;

    private Database db;
    private HistoryReader reader;
    private StoreMetrics metrics;
    private Map<PointId, PointDefinition> lastDefinitions = Map.of();

    @Activate
    void activate(BundleContext context, Config config) {
        start(dataDir(context, config), config);
    }

    static Path dataDir(BundleContext context, Config config) {
        String dir = config.dataDir().isBlank()
                ? Optional.ofNullable(context.getProperty("cool.edge.data")).orElse("data") : config.dataDir();
        return Path.of(dir);
    }

    static Database.Settings settings(Config c) {
        Map<Resolution, Duration> retention = Map.of(
                Resolution.RAW, Duration.ofDays(c.retentionDays()),
                Resolution.MINUTE, Duration.ofDays(c.minuteRetentionDays()),
                Resolution.QUARTER_HOUR, Duration.ofDays(c.quarterHourRetentionDays()),
                Resolution.HOUR, Duration.ofDays(c.hourRetentionDays()),
                Resolution.DAY, Duration.ofDays(c.dayRetentionDays()));
        StoragePolicy policy = new StoragePolicy(Duration.ofSeconds(c.minIntervalSeconds()),
                Duration.ofSeconds(c.maxIntervalSeconds()), c.deadbandCelsius(), c.deadbandPercent(),
                c.deadbandKilowatt(), c.deadbandKilowattHour());
        return new Database.Settings(c.queueCapacity(), c.batchSize(), retention,
                Duration.ofDays(c.auditRetentionDays()), Duration.ofMinutes(10), policy,
                Duration.ofSeconds(c.rollupFlushSeconds()));
    }

    void start(Path dir, Config config) {
        try {
            db = Database.open(dir, settings(config), this::now);
        } catch (StoreUnavailableException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        reader = db.reader();
        metrics = new StoreMetrics(db);
        LOG.info("Store open: {} (samples kept {} days)", db.file(), config.retentionDays());
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
        Map<PointId, PointDefinition> defs = report.snapshot().definitions();
        if (!defs.equals(lastDefinitions)) {
            defs.values().forEach(db::define);
            lastDefinitions = defs;
        }
        db.enqueue(report.snapshot().values().values());
    }

    @Override
    public void append(List<PointValue> samples) {
        db.enqueue(samples);
    }

    @Override
    public List<PointValue> history(PointId point, Instant from, Instant to, int limit) {
        return reader.history(point, from, to, limit);
    }

    @Override
    public Series buckets(PointId point, Instant from, Instant to, Resolution resolution) {
        return reader.buckets(point, from, to, resolution);
    }

    @Override
    public Series chart(PointId point, Instant from, Instant to, int maxPoints) {
        return reader.chart(point, from, to, maxPoints);
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
        return db.audits().since(since, limit);
    }

    @Override
    public List<AuditEvent> byActor(String actor, int offset, int limit) {
        return db.audits().byActor(actor, offset, limit);
    }

    @Override
    public void collect(MetricsCollector out) {
        metrics.collect(out);
    }

    Database db() {
        return db;
    }

    /** The store's health: DOWN while batches keep failing, DEGRADED while samples are dropped for a full queue. */
    Health health() {
        return metrics.health();
    }
}
