package org.thermalcommons.edge.config;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

/**
 * Loads the site configuration from the {@code etc/} directory into Config Admin ({@link ConfigDirectory} does the
 * work), validating every file against the metatype of the component it configures first: an oversized, binary,
 * empty or malformed file, an unknown key, a value of the wrong type or out of range is reported with file, line, key
 * and rule, counted, audited, and the previous valid configuration stays in force.
 * <p>
 * Its bundle starts before the bundles it configures, and the first scan runs during activation, reading the metatype
 * of installed bundles that have not started yet: components then activate with their site configuration from the
 * start instead of starting with defaults and restarting.
 */
@Component(immediate = true, service = {ConfigDirectoryComponent.class, MetricsSource.class})
public class ConfigDirectoryComponent implements MetricsSource {
    /** Framework property naming the configuration directory. */
    public static final String ETC_PROPERTY = "cool.edge.etc";
    /** Property added to every configuration loaded from a file: the file's absolute path. */
    public static final String FILE_PROPERTY = "cool.edge.file";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigDirectoryComponent.class);

    @Reference
    ConfigurationAdmin configAdmin;
    @Reference
    MetaTypeService metaType;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AuditLog audit;

    private MetatypeSchemas schemas;
    private ConfigDirectory directory;

    @Activate
    void activate(BundleContext ctx) {
        this.schemas = new MetatypeSchemas(ctx, metaType);
        String d = Optional.ofNullable(ctx.getProperty(ETC_PROPERTY)).orElse("etc");
        long pollMs = pollMillis(ctx.getProperty("cool.edge.config.pollMillis"));
        directory = new ConfigDirectory(java.nio.file.Path.of(d), schemas, new ConfigAdminTarget(), (e, msg) -> {
            AuditLog a = audit;
            if (a != null) {
                a.record(new AuditEvent(Instant.now(), "config", e.source(), msg));
            }
        });
        if (!java.nio.file.Files.isDirectory(directory.dir())) {
            LOG.warn("Configuration directory {} does not exist; components run with their defaults", directory.dir());
        }
        LOG.info("Loading configuration from {}", directory.dir());
        directory.start(pollMs);
    }

    static long pollMillis(String text) {
        try {
            long ms = text == null ? 1000 : Long.parseLong(text.strip());
            return Math.max(50, Math.min(60_000, ms));
        } catch (NumberFormatException e) {
            LOG.warn("cool.edge.config.pollMillis '{}' is not a number; scanning every 1000 ms", text);
            return 1000;
        }
    }

    @Deactivate
    void deactivate() {
        directory.stop();
    }

    /** The loader (for the editor: its state per file, an immediate re-read). */
    ConfigDirectory directory() {
        return directory;
    }

    /** The schemas the loader validates with (for the editor: the same ones). */
    MetatypeSchemas schemas() {
        return schemas;
    }

    /** Configuration files rejected since start. */
    public long rejectedFiles() {
        return directory.rejections().total();
    }

    @Override
    public void collect(MetricsCollector out) {
        ConfigDirectory d = directory;
        if (d == null) {
            return;
        }
        d.rejections().byRule().forEach((rule, n) -> out.counter("cool_edge_config_rejected_total",
                "Configuration files rejected, by rule", Map.of("rule", rule), n));
        out.counter("cool_edge_config_scan_failures_total", "Configuration scans that failed as a whole (retried)",
                Map.of(), d.scanFailures());
        out.gauge("cool_edge_config_files_applied", "Configuration files in force", Map.of(), d.appliedFiles());
    }

    /** Config Admin as the loader's target. */
    private final class ConfigAdminTarget implements ConfigDirectory.Target {
        @Override
        public void update(ConfigFile.Name name, java.util.Dictionary<String, Object> properties) throws java.io.IOException {
            configuration(name).update(properties);
        }

        @Override
        public void delete(ConfigFile.Name name) throws java.io.IOException {
            configuration(name).delete();
        }

        private Configuration configuration(ConfigFile.Name name) throws java.io.IOException {
            return name.factoryName().isPresent()
                    ? configAdmin.getFactoryConfiguration(name.pid(), name.factoryName().get(), "?")
                    : configAdmin.getConfiguration(name.pid(), "?");
        }
    }
}
