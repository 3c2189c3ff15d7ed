package org.thermalcommons.edge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

/**
 * Loads the site configuration from the {@code etc/} directory into Config Admin, validating every file against the
 * metatype of the component it configures first: a malformed file, an unknown key, a value of the wrong type or out of
 * range is reported with file, key and rule, and the previous valid configuration stays in force. Files are re-read
 * when they change; a deleted file deletes its configuration.
 * <p>
 * Its bundle starts before the bundles it configures, and the first scan runs during activation, reading the metatype
 * of installed bundles that have not started yet: components then activate with their site configuration from the
 * start instead of starting with defaults and restarting.
 */
@Component(immediate = true, service = ConfigDirectoryComponent.class)
public class ConfigDirectoryComponent {
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

    private final Map<Path, Long> seen = new HashMap<>();
    private final Map<Path, String> applied = new HashMap<>();
    private final Set<Path> waitingLogged = new HashSet<>();
    private final AtomicLong rejected = new AtomicLong();
    private BundleContext context;
    private Path dir;
    private ScheduledExecutorService scanner;

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
        String d = Optional.ofNullable(ctx.getProperty(ETC_PROPERTY)).orElse("etc");
        dir = Path.of(d).toAbsolutePath().normalize();
        long pollMs = Long.parseLong(Optional.ofNullable(ctx.getProperty("cool.edge.config.pollMillis")).orElse("1000"));
        if (!Files.isDirectory(dir)) {
            LOG.warn("Configuration directory {} does not exist; components run with their defaults", dir);
        }
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-config");
            t.setDaemon(true);
            return t;
        });
        LOG.info("Loading configuration from {}", dir);
        scanSafely();
        scanner.scheduleWithFixedDelay(this::scanSafely, pollMs, pollMs, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        scanner.shutdownNow();
    }

    /** Configuration files rejected since start. */
    public long rejectedFiles() {
        return rejected.get();
    }

    private void scanSafely() {
        try {
            scan();
        } catch (Exception | LinkageError e) {
            LOG.error("Configuration scan of {} failed; retried at the next scan", dir, e);
        }
    }

    private void scan() throws IOException {
        Map<Path, Long> now = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().toList()) {
                    now.put(p, Files.getLastModifiedTime(p).toMillis() ^ (Files.size(p) << 20));
                }
            }
        }
        for (Map.Entry<Path, Long> e : now.entrySet()) {
            Path p = e.getKey();
            if (!Objects.equals(seen.get(p), e.getValue()) || waitingLogged.contains(p)) {
                if (load(p)) {
                    seen.put(p, e.getValue());
                } else if (!waitingLogged.contains(p)) {
                    seen.put(p, e.getValue());
                }
            }
        }
        for (Path gone : new HashSet<>(seen.keySet())) {
            if (!now.containsKey(gone)) {
                seen.remove(gone);
                waitingLogged.remove(gone);
                delete(gone);
            }
        }
    }

    /** Returns true when the file was handled (applied, unchanged or rejected); false when its component is not there yet. */
    private boolean load(Path p) throws IOException {
        String name = p.getFileName().toString();
        ConfigFile file;
        try {
            file = ConfigFile.parse(name, Files.readAllLines(p, StandardCharsets.UTF_8));
        } catch (ConfigFile.ParseException e) {
            reject(name, e.getMessage());
            return true;
        }
        Optional<ConfigSchema> schema = schemaFor(file.pid(), file.factoryName().isPresent());
        if (schema.isEmpty()) {
            if (waitingLogged.add(p)) {
                LOG.info("{}: no installed component declares configuration '{}' yet; it is applied when one does",
                        name, file.pid());
            }
            return false;
        }
        waitingLogged.remove(p);
        Dictionary<String, Object> props;
        try {
            props = schema.get().convert(file);
        } catch (ConfigFile.ParseException e) {
            reject(name, e.getMessage());
            return true;
        }
        props.put(FILE_PROPERTY, p.toString());
        String fingerprint = fingerprint(props);
        if (fingerprint.equals(applied.get(p))) {
            return true;
        }
        Configuration c = file.factoryName().isPresent()
                ? configAdmin.getFactoryConfiguration(file.pid(), file.factoryName().get(), "?")
                : configAdmin.getConfiguration(file.pid(), "?");
        c.update(props);
        applied.put(p, fingerprint);
        LOG.info("Configuration {} applied from {}", c.getPid(), name);
        return true;
    }

    private void delete(Path p) throws IOException {
        applied.remove(p);
        String name = p.getFileName().toString();
        try {
            ConfigFile file = ConfigFile.parse(name, List.of());
            Configuration c = file.factoryName().isPresent()
                    ? configAdmin.getFactoryConfiguration(file.pid(), file.factoryName().get(), "?")
                    : configAdmin.getConfiguration(file.pid(), "?");
            c.delete();
            LOG.info("{} was removed; configuration {} deleted", name, c.getPid());
        } catch (ConfigFile.ParseException e) {
            // It was never applied.
        }
    }

    private void reject(String file, String why) {
        rejected.incrementAndGet();
        String msg = "Configuration rejected: " + why + ". The previous valid configuration stays in force.";
        LOG.error(msg);
        AuditLog a = audit;
        if (a != null) {
            a.record(new AuditEvent(Instant.now(), "config", file, msg));
        }
    }

    private Optional<ConfigSchema> schemaFor(String pid, boolean factory) {
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            MetaTypeInformation info = metaType.getMetaTypeInformation(b);
            if (info == null) {
                continue;
            }
            String[] pids = factory ? info.getFactoryPids() : info.getPids();
            if (pids == null || !List.of(pids).contains(pid)) {
                // DS components with a configurationPid are often usable both ways: accept the other kind too.
                String[] other = factory ? info.getPids() : info.getFactoryPids();
                if (other == null || !List.of(other).contains(pid)) {
                    continue;
                }
            }
            ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
            Map<String, ConfigSchema.Attribute> attrs = new HashMap<>();
            AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            if (ads != null) {
                for (AttributeDefinition ad : ads) {
                    attrs.put(ad.getID(), new ConfigSchema.Attribute(ad.getID(), type(ad.getType()), ad.getCardinality(),
                            ad::validate));
                }
            }
            return Optional.of(new ConfigSchema(pid, attrs));
        }
        return Optional.empty();
    }

    @SuppressWarnings("deprecation")
    private static ConfigSchema.Type type(int t) {
        return switch (t) {
            case AttributeDefinition.INTEGER -> ConfigSchema.Type.INTEGER;
            case AttributeDefinition.LONG -> ConfigSchema.Type.LONG;
            case AttributeDefinition.DOUBLE -> ConfigSchema.Type.DOUBLE;
            case AttributeDefinition.FLOAT -> ConfigSchema.Type.FLOAT;
            case AttributeDefinition.BOOLEAN -> ConfigSchema.Type.BOOLEAN;
            case AttributeDefinition.CHARACTER -> ConfigSchema.Type.CHAR;
            case AttributeDefinition.SHORT -> ConfigSchema.Type.SHORT;
            case AttributeDefinition.BYTE -> ConfigSchema.Type.BYTE;
            case AttributeDefinition.PASSWORD -> ConfigSchema.Type.PASSWORD;
            default -> ConfigSchema.Type.STRING;
        };
    }

    private static String fingerprint(Dictionary<String, Object> props) {
        StringBuilder b = new StringBuilder();
        List<String> keys = new java.util.ArrayList<>();
        for (Enumeration<String> e = props.keys(); e.hasMoreElements(); ) {
            keys.add(e.nextElement());
        }
        keys.sort(null);
        for (String k : keys) {
            Object v = props.get(k);
            b.append(k).append('=').append(v != null && v.getClass().isArray() ? arrayText(v) : String.valueOf(v)).append('\n');
        }
        return b.toString();
    }

    private static String arrayText(Object array) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
            b.append(java.lang.reflect.Array.get(array, i)).append(',');
        }
        return b.append(']').toString();
    }
}
