package org.thermalcommons.edge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.thermalcommons.edge.api.config.ApplyState;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.input.Rejections;
import org.thermalcommons.edge.input.TextInput;

/**
 * The {@code etc/} directory and what of it is in force: scans the {@code *.cfg} files, reads each changed one under
 * the size limit (never more than {@link InputKind#CONFIG_FILE} bytes in memory), validates it against its
 * component's schema and applies it, or rejects it once per change with file, line, key and rule: the rejection is
 * counted by rule, logged once and reported (audit), and the previous valid configuration stays in force. A deleted
 * file deletes its configuration. One file's failure never stops the others, and no exception or error ends the
 * periodic scan.
 */
final class ConfigDirectory {
    static final String FILE_PROPERTY = ConfigDirectoryComponent.FILE_PROPERTY;
    private static final Logger LOG = LoggerFactory.getLogger(ConfigDirectory.class);

    /** Where the schemas come from: the metatype of installed bundles (or a test's map). */
    interface Schemas {
        Optional<ConfigSchema> find(String pid, boolean factory);
    }

    /** Where configurations go: Config Admin (or a test's map). */
    interface Target {
        void update(ConfigFile.Name name, Dictionary<String, Object> properties) throws IOException;

        void delete(ConfigFile.Name name) throws IOException;
    }

    /** Told of every rejection (the audit log). */
    interface Reporter {
        void rejected(InputRejectedException e, String message);
    }

    private final Path dir;
    private final Schemas schemas;
    private final Target target;
    private final Reporter reporter;
    private final RateLimitedLog scanLog;
    private final Map<Path, Long> seen = new HashMap<>();
    private final Map<Path, String> applied = new HashMap<>();
    private final Set<Path> waiting = new HashSet<>();
    private final Map<Path, InputRejectedException> rejected = new HashMap<>();
    private final Set<Path> dirty = new HashSet<>();
    private final Rejections rejections = new Rejections();
    private final AtomicLong scanFailures = new AtomicLong();
    private final AtomicLong scans = new AtomicLong();
    private ScheduledExecutorService scanner;

    ConfigDirectory(Path dir, Schemas schemas, Target target, Reporter reporter) {
        this.dir = dir.toAbsolutePath().normalize();
        this.schemas = Objects.requireNonNull(schemas);
        this.target = Objects.requireNonNull(target);
        this.reporter = Objects.requireNonNull(reporter);
        this.scanLog = RateLimitedLog.perMinute(LOG);
    }

    Path dir() {
        return dir;
    }

    /** Scans now, then every {@code pollMs} on its own thread until {@link #stop()}. */
    void start(long pollMs) {
        scanSafely();
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-config");
            t.setDaemon(true);
            return t;
        });
        scanner.scheduleWithFixedDelay(this::scanSafely, pollMs, pollMs, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }

    Rejections rejections() {
        return rejections;
    }

    /** Scans that failed as a whole (the directory unreadable, an error): each is retried at the next scan. */
    long scanFailures() {
        return scanFailures.get();
    }

    long scans() {
        return scans.get();
    }

    int appliedFiles() {
        synchronized (this) {
            return applied.size();
        }
    }

    /** What the loader made of one file, as of its last scan. */
    synchronized ApplyState stateOf(Path p) {
        Path f = p.toAbsolutePath().normalize();
        InputRejectedException e = rejected.get(f);
        if (e != null) {
            return new ApplyState(ApplyState.Stage.REJECTED, e.getMessage() + ". " + (applied.containsKey(f)
                    ? "The previous valid configuration stays in force." : "Nothing from it is applied."));
        }
        if (waiting.contains(f)) {
            return new ApplyState(ApplyState.Stage.WAITING, "no installed component declares this configuration yet;"
                    + " it is applied when one does");
        }
        if (applied.containsKey(f) && seen.containsKey(f)) {
            return new ApplyState(ApplyState.Stage.LOADED, "the loader accepted the file and applied it to Config Admin");
        }
        return new ApplyState(ApplyState.Stage.WRITTEN, "not read by the loader yet");
    }

    /**
     * Reads {@code p} again now, as the next periodic scan would (the same path as a hand edit), even when its time
     * stamp and size did not change, then reports what became of it.
     */
    synchronized ApplyState reload(Path p) {
        Path f = p.toAbsolutePath().normalize();
        dirty.add(f);
        scanSafely();
        return stateOf(f);
    }

    /**
     * One scan that never throws: whatever goes wrong (including an {@link Error}) is logged at most once a minute per
     * kind and the next scan runs as usual. Memory per scan is bounded by the file size limit, so an error here is not
     * one that a retry makes worse.
     */
    void scanSafely() {
        try {
            scan();
        } catch (Throwable e) { // NOPMD: the scan loop must survive anything, see above
            scanFailures.incrementAndGet();
            scanLog.warn("scan:" + e.getClass().getName(), "Configuration scan of {} failed ({}); retried at the next scan",
                    dir, String.valueOf(e));
        } finally {
            scans.incrementAndGet();
        }
    }

    synchronized void scan() throws IOException {
        Map<Path, Long> now = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(f -> f.getFileName().toString().endsWith(".cfg")).sorted().toList();
            }
            for (Path p : files) {
                try {
                    now.put(p, Files.getLastModifiedTime(p).toMillis() ^ (Files.size(p) << 20));
                } catch (NoSuchFileException e) {
                    // Deleted between listing and reading: handled as gone.
                }
            }
        }
        for (Map.Entry<Path, Long> e : now.entrySet()) {
            Path p = e.getKey();
            if (!Objects.equals(seen.get(p), e.getValue()) || waiting.contains(p) || dirty.remove(p)) {
                loadSafely(p);
                seen.put(p, e.getValue()); // not reached when an Error escapes: the file is retried at the next scan
            }
        }
        dirty.clear();
        for (Path gone : new ArrayList<>(seen.keySet())) {
            if (!now.containsKey(gone)) {
                seen.remove(gone);
                waiting.remove(gone);
                delete(gone);
            }
        }
    }

    private void loadSafely(Path p) {
        String name = p.getFileName().toString();
        try {
            load(p, name);
        } catch (InputRejectedException e) {
            reject(p, e);
        } catch (IOException e) {
            reject(p, new InputRejectedException(name, "", "io", "cannot be read or applied: " + e));
        } catch (RuntimeException e) {
            reject(p, new InputRejectedException(name, "", "internal", "could not be processed: " + e));
        }
    }

    private void load(Path p, String name) throws InputRejectedException, IOException {
        ConfigFile file = ConfigFile.parse(name, TextInput.read(p, InputKind.CONFIG_FILE));
        Optional<ConfigSchema> schema = schemas.find(file.pid(), file.factoryName().isPresent());
        rejected.remove(p);
        if (schema.isEmpty()) {
            if (waiting.add(p)) {
                LOG.info("{}: no installed component declares configuration '{}' yet; it is applied when one does",
                        name, file.pid());
            }
            return;
        }
        waiting.remove(p);
        Dictionary<String, Object> props = schema.get().convert(file);
        props.put(FILE_PROPERTY, p.toString());
        String fingerprint = fingerprint(props);
        if (fingerprint.equals(applied.get(p))) {
            return;
        }
        target.update(new ConfigFile.Name(file.pid(), file.factoryName()), props);
        applied.put(p, fingerprint);
        LOG.info("Configuration {}{} applied from {}", file.pid(), file.factoryName().map(n -> "~" + n).orElse(""), name);
    }

    private void delete(Path p) {
        String name = p.getFileName().toString();
        rejected.remove(p);
        if (applied.remove(p) == null) {
            return; // never applied: nothing to remove
        }
        try {
            target.delete(ConfigFile.Name.of(name));
            LOG.info("{} was removed; its configuration is deleted", name);
        } catch (InputRejectedException | IOException | RuntimeException e) {
            scanLog.warn("delete:" + name, "{} was removed but its configuration could not be deleted: {}", name, String.valueOf(e));
        }
    }

    private void reject(Path p, InputRejectedException e) {
        waiting.remove(p);
        rejected.put(p, e);
        rejections.count(e);
        String msg = "Configuration rejected: " + e.getMessage() + ". "
                + (applied.containsKey(p) ? "The previous valid configuration stays in force." : "Nothing from it is applied.");
        LOG.error(msg);
        try {
            reporter.rejected(e, msg);
        } catch (RuntimeException ex) {
            scanLog.warn("audit", "Could not record a configuration rejection in the audit log: {}", String.valueOf(ex));
        }
    }

    static String fingerprint(Dictionary<String, Object> props) {
        StringBuilder b = new StringBuilder();
        List<String> keys = new ArrayList<>();
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
