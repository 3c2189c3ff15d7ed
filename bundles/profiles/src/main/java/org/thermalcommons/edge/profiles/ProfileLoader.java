package org.thermalcommons.edge.profiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.profile.ProfileRegistry;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.input.Rejections;
import org.thermalcommons.edge.input.TextInput;

/**
 * Loads every {@code *.json} device profile from the profile directory, validates each on its own (a bad one is
 * reported once per change with file, JSON location and rule, counted by rule and audited, and skipped; the others
 * load), and re-reads the directory periodically so new profiles appear without a restart. A profile that turns
 * invalid keeps its last valid version; a profile's id is its file name, so no second
 * file can claim a loaded profile's id. Files are read
 * under the {@link InputKind#PROFILE} size limit, never whole beyond it.
 */
@Component(service = {ProfileRegistry.class, MetricsSource.class}, immediate = true, configurationPid = ProfileLoader.PID)
@Designate(ocd = ProfileLoader.Config.class)
public class ProfileLoader implements ProfileRegistry, MetricsSource {
    static final String PID = "org.thermalcommons.edge.profiles.Profiles";
    private static final Logger LOG = LoggerFactory.getLogger(ProfileLoader.class);

    @ObjectClassDefinition(name = "COOL Edge device profiles")
    @interface Config {
        @AttributeDefinition(name = "Profile directory", description = "Empty: <gateway home>/profiles")
        String directory() default "";

        @AttributeDefinition(name = "Re-scan every (s)", min = "0", max = "86400", description = "0 = only at start")
        int rescanSeconds() default 10;
    }

    private volatile Map<String, DeviceProfile> profiles = Map.of();
    private final Map<Path, Long> seen = new HashMap<>();
    private final Map<Path, String> idByFile = new HashMap<>();
    private final Rejections rejections = new Rejections();
    private final RateLimitedLog scanLog = RateLimitedLog.perMinute(LOG);
    private Path dir;
    private ScheduledExecutorService scanner;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AuditLog audit;

    @Activate
    void activate(BundleContext ctx, Config c) {
        String home = ctx.getProperty("cool.edge.home");
        Path d = !c.directory().isBlank() ? Path.of(c.directory())
                : home != null ? Path.of(home, "profiles") : Path.of("modbus-bacnet-profiles");
        start(d, c.rescanSeconds());
    }

    void start(Path directory, int rescanSeconds) {
        dir = directory.toAbsolutePath().normalize();
        scan();
        LOG.info("{} device profiles loaded from {}: {}", profiles.size(), dir, String.join(", ", profiles.keySet()));
        if (rescanSeconds > 0) {
            scanner = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cool-edge-profiles");
                t.setDaemon(true);
                return t;
            });
            scanner.scheduleWithFixedDelay(this::scanSafely, rescanSeconds, rescanSeconds, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }

    /** Profiles rejected since start. */
    long rejectedProfiles() {
        return rejections.total();
    }

    /** Rejections by rule since start. */
    Rejections rejections() {
        return rejections;
    }

    @Override
    public void collect(MetricsCollector out) {
        rejections.byRule().forEach((rule, n) -> out.counter("cool_edge_profiles_rejected_total",
                "Device profile files rejected, by rule", Map.of("rule", rule), n));
        out.gauge("cool_edge_profiles_loaded", "Device profiles in use", Map.of(), profiles.size());
    }

    /** A scan that never ends the periodic re-scan, whatever it meets. */
    void scanSafely() {
        try {
            scan();
        } catch (Throwable e) { // NOPMD: the re-scan must survive anything; the next one retries
            scanLog.warn("scan:" + e.getClass().getName(), "Profile scan of {} failed ({}); retried at the next scan",
                    dir, String.valueOf(e));
        }
    }

    synchronized void scan() {
        if (!Files.isDirectory(dir)) {
            LOG.warn("Profile directory {} does not exist; no device profiles", dir);
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            LOG.error("Cannot list profile directory {}: {}", dir, e.getMessage());
            return;
        }
        Map<String, DeviceProfile> next = new TreeMap<>(profiles);
        boolean changed = false;
        for (Path f : files) {
            long stamp;
            try {
                stamp = Files.getLastModifiedTime(f).toMillis() ^ (Files.size(f) << 20);
            } catch (IOException e) {
                continue;
            }
            if (Long.valueOf(stamp).equals(seen.get(f))) {
                continue;
            }
            String name = f.getFileName().toString();
            try {
                DeviceProfile p = ProfileParser.parse(name, TextInput.read(f, InputKind.PROFILE));
                next.put(p.id(), p);
                idByFile.put(f, p.id());
                changed = true;
                LOG.debug("Profile {} loaded from {}", p.id(), name);
            } catch (ProfileParser.InvalidProfileException e) {
                reject(f, e.rule(), e.getMessage());
            } catch (InputRejectedException e) {
                reject(f, e.rule(), e.getMessage());
            } catch (IOException e) {
                reject(f, "io", name + ": could not be read: " + e);
            } catch (RuntimeException | StackOverflowError e) {
                reject(f, "internal", name + ": could not be processed: " + e);
            }
            seen.put(f, stamp); // after handling: a file whose handling ended in another Error is retried
        }
        for (Path gone : List.copyOf(seen.keySet())) {
            if (!files.contains(gone)) {
                seen.remove(gone);
                String id = idByFile.remove(gone);
                if (id != null && next.remove(id) != null) {
                    changed = true;
                    LOG.info("Profile {} removed ({} deleted)", id, gone.getFileName());
                }
            }
        }
        if (changed) {
            profiles = Map.copyOf(next);
        }
    }

    private void reject(Path f, String rule, String message) {
        rejections.count(rule);
        String msg = "Device profile rejected: " + message
                + (idByFile.containsKey(f) ? " (its last valid version stays in use)" : "");
        LOG.error(msg);
        AuditLog a = audit;
        if (a != null) {
            try {
                a.record(new AuditEvent(Instant.now(), "profile", f.getFileName().toString(), msg));
            } catch (RuntimeException e) {
                scanLog.warn("audit", "Could not record a profile rejection in the audit log: {}", String.valueOf(e));
            }
        }
    }

    @Override
    public Optional<DeviceProfile> find(String profileId) {
        return Optional.ofNullable(profiles.get(profileId));
    }

    @Override
    public Collection<DeviceProfile> all() {
        return profiles.values();
    }
}
