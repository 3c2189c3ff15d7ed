package org.thermalcommons.edge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.config.ApplyState;
import org.thermalcommons.edge.api.config.ConfigChange;
import org.thermalcommons.edge.api.config.ConfigProblem;
import org.thermalcommons.edge.api.config.ConfigurableType;
import org.thermalcommons.edge.api.config.ConfigurationEditor;
import org.thermalcommons.edge.api.config.ConfigurationInfo;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.input.Rejections;

/**
 * The configuration editor: validates with the loader's own parser and schema ({@link ConfigFile},
 * {@link ConfigSchema}, the same {@link MetatypeSchemas}), writes {@code etc/} files atomically, keeps previous
 * versions ({@link ConfigHistory}) and has the loader read the file at once ({@link Loader#reload}), the path every
 * hand edit takes. One change at a time.
 */
final class ConfigEditor implements ConfigurationEditor {
    static final int MAX_VALUE_CHARS = 4096;
    static final String CATEGORY = "config";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigEditor.class);
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** Where PIDs are described (the metatype). */
    interface Types {
        Optional<MetatypeSchemas.Described> describe(String pid, boolean factory);

        List<ConfigurableType> all();
    }

    /** The configuration loader. */
    interface Loader {
        ApplyState reload(Path file);

        ApplyState stateOf(Path file);
    }

    /** Whether the component runs with a loaded configuration; returns {@code loaded} when it cannot tell. */
    interface Components {
        ApplyState check(ConfigFile.Name name, Dictionary<String, Object> expected, ApplyState loaded);
    }

    private final Path etc;
    private final java.util.function.Predicate<String> editable;
    private final Types types;
    private final Loader loader;
    private final Components components;
    private final Consumer<AuditEvent> audit;
    private final Clock clock;
    private final ConfigHistory history;
    private final Rejections rejections = new Rejections();
    private final AtomicLong changes = new AtomicLong();
    private final RateLimitedLog log = RateLimitedLog.perMinute(LOG);

    /**
     * @param editable which PIDs this editor writes (the gateway's own components; others, such as Felix HTTP, which
     *                 the console configures itself, stay hand-edited)
     */
    ConfigEditor(Path etc, java.util.function.Predicate<String> editable, Types types, Loader loader, Components components,
                 Consumer<AuditEvent> audit, Clock clock, int historyLimit) {
        this.etc = etc.toAbsolutePath().normalize();
        this.editable = editable;
        this.types = types;
        this.loader = loader;
        this.components = components;
        this.audit = audit;
        this.clock = clock;
        this.history = new ConfigHistory(this.etc, historyLimit);
    }

    Rejections rejections() {
        return rejections;
    }

    long changes() {
        return changes.get();
    }

    @Override
    public List<ConfigurableType> types() {
        return types.all().stream().filter(t -> editable.test(t.pid())).toList();
    }

    @Override
    public synchronized List<ConfigurationInfo> configurations() {
        List<ConfigurationInfo> out = new ArrayList<>();
        if (!Files.isDirectory(etc)) {
            return out;
        }
        List<String> ids;
        try (Stream<Path> s = Files.list(etc)) {
            ids = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".cfg"))
                    .map(f -> f.substring(0, f.length() - 4)).filter(i -> ConfigDraft.ID.matcher(i).matches()).sorted().toList();
        } catch (IOException e) {
            log.warn("list", "Configuration editor cannot list {}: {}", etc, String.valueOf(e));
            return out;
        }
        for (String id : ids) {
            configuration(id).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public synchronized Optional<ConfigurationInfo> configuration(String id) {
        if (!ConfigDraft.ID.matcher(id).matches() || !Files.isRegularFile(etc.resolve(id + ".cfg"))) {
            return Optional.empty();
        }
        return Optional.of(info(id));
    }

    private ConfigurationInfo info(String id) {
        String file = id + ".cfg";
        Path path = etc.resolve(file);
        ConfigFile.Name name = ConfigDraft.nameOf(id).orElseThrow();
        Optional<MetatypeSchemas.Described> type = types.describe(name.pid(), name.factoryName().isPresent());
        Optional<ConfigFile> parsed = ConfigDraft.read(path, file);
        Map<String, String> values = new TreeMap<>();
        Map<String, Boolean> secrets = new TreeMap<>();
        type.ifPresent(t -> t.type().attributes().stream().filter(a -> a.secret()).forEach(a -> secrets.put(a.id(), false)));
        parsed.ifPresent(f -> f.entries().forEach((k, v) -> {
            if (ConfigDraft.secret(k, type)) {
                secrets.put(k, true);
            } else {
                values.put(k, v);
            }
        }));
        ApplyState state = loader.stateOf(path);
        if (state.stage() == ApplyState.Stage.LOADED && parsed.isPresent() && type.isPresent()) {
            try {
                Dictionary<String, Object> props = type.get().schema().convert(parsed.get());
                props.put(ConfigDirectory.FILE_PROPERTY, path.toString());
                state = components.check(name, props, state);
            } catch (InputRejectedException e) {
                // the loader's verdict stands
            }
        }
        return new ConfigurationInfo(id, name.pid(), name.factoryName(), file, values, secrets, history.count(file), state);
    }

    @Override
    public synchronized List<ConfigProblem> validate(String id, Map<String, String> values) {
        return candidate(id, values).problems();
    }

    @Override
    public synchronized ConfigChange save(String id, Map<String, String> values, String by) {
        ConfigDraft c = candidate(id, values);
        if (c.problems().isEmpty() && c.name().orElseThrow().factoryName().isPresent() && c.current().isEmpty()) {
            return refuse(id, List.of(new ConfigProblem("", "not-found", id + ": there is no such factory configuration;"
                    + " create it first [rule not-found]")));
        }
        return c.problems().isEmpty() ? write(c, by, "saved") : refuse(id, c.problems());
    }

    @Override
    public synchronized ConfigChange create(String factoryPid, String name, Map<String, String> values, String by) {
        String id = factoryPid + "-" + name;
        if (!NAME.matcher(name).matches()) {
            return refuse(id, List.of(new ConfigProblem("", "name", id + ": the name '" + ConfigFile.abbreviate(name)
                    + "' must be 1-64 letters, digits, '_' or '-', starting with a letter or digit [rule name]")));
        }
        Optional<MetatypeSchemas.Described> t = factoryPid.contains("-") || !editable.test(factoryPid) ? Optional.empty()
                : types.describe(factoryPid, true);
        if (t.isEmpty() || !t.get().type().factory()) {
            return refuse(id, List.of(new ConfigProblem("", "unknown-pid", id + ": no installed component declares the factory"
                    + " configuration '" + ConfigFile.abbreviate(factoryPid) + "' [rule unknown-pid]")));
        }
        if (Files.exists(etc.resolve(id + ".cfg"))) {
            return refuse(id, List.of(new ConfigProblem("", "exists", id + ": a configuration of that name exists already"
                    + " [rule exists]")));
        }
        ConfigDraft c = candidate(id, values);
        return c.problems().isEmpty() ? write(c, by, "created") : refuse(id, c.problems());
    }

    @Override
    public synchronized ConfigChange delete(String id, String by) {
        Optional<ConfigFile.Name> name = ConfigDraft.nameOf(id);
        if (name.isEmpty() || !Files.isRegularFile(etc.resolve(id + ".cfg"))) {
            return refuse(id, List.of(new ConfigProblem("", "not-found", ConfigFile.abbreviate(id) + ": there is no such"
                    + " configuration [rule not-found]")));
        }
        if (name.get().factoryName().isEmpty() || !editable.test(name.get().pid())) {
            return refuse(id, List.of(new ConfigProblem("", "singleton", id + ": only factory configurations (devices)"
                    + " can be deleted; edit this one instead [rule singleton]")));
        }
        String file = id + ".cfg";
        Path path = etc.resolve(file);
        try {
            Map<String, String> before = ConfigDraft.entries(path, file);
            history.push(file, Optional.of(Files.readAllBytes(path)));
            Files.delete(path);
            loader.reload(path);
            Optional<MetatypeSchemas.Described> type = types.describe(name.get().pid(), true);
            return done(id, by, "deleted " + file + " (kept for a rollback): "
                    + ConfigText.diff(before, Map.of(), k -> ConfigDraft.secret(k, type)), Optional.empty());
        } catch (IOException e) {
            return failed(id, e);
        }
    }

    @Override
    public synchronized ConfigChange rollback(String id, String by) {
        Optional<ConfigFile.Name> name = ConfigDraft.nameOf(id);
        String file = id + ".cfg";
        try {
            Optional<Optional<byte[]>> previous = name.isEmpty() ? Optional.empty() : history.pop(file);
            if (previous.isEmpty()) {
                return refuse(id, List.of(new ConfigProblem("", "no-history", ConfigFile.abbreviate(id)
                        + ": no previous version is kept [rule no-history]")));
            }
            Path path = etc.resolve(file);
            Map<String, String> before = ConfigDraft.entries(path, file);
            if (previous.get().isPresent()) {
                writeAtomically(path, previous.get().get());
            } else {
                Files.deleteIfExists(path);
            }
            loader.reload(path);
            Optional<MetatypeSchemas.Described> type = types.describe(name.get().pid(), name.get().factoryName().isPresent());
            String what = previous.get().isPresent() ? "rolled back " + file + " to its previous version: "
                    + ConfigText.diff(before, ConfigDraft.entries(path, file), k -> ConfigDraft.secret(k, type))
                    : "rolled back " + file + " (it did not exist before): deleted";
            return done(id, by, what, configuration(id));
        } catch (IOException e) {
            return failed(id, e);
        }
    }

    private ConfigDraft candidate(String id, Map<String, String> values) {
        return ConfigDraft.of(etc, editable, types, id, values);
    }

    private ConfigChange write(ConfigDraft c, String by, String verb) {
        Path path = etc.resolve(c.file());
        try {
            if (c.current().isPresent() && new String(c.current().get(), StandardCharsets.UTF_8).equals(c.text())) {
                return new ConfigChange(true, c.id(), List.of(), c.id() + ": unchanged", configuration(c.id()));
            }
            history.push(c.file(), c.current());
            writeAtomically(path, c.text().getBytes(StandardCharsets.UTF_8));
            loader.reload(path);
            return done(c.id(), by, verb + " " + c.file() + ": " + ConfigText.diff(c.before(), c.after(),
                    k -> ConfigDraft.secret(k, c.type())), configuration(c.id()));
        } catch (IOException e) {
            return failed(c.id(), e);
        }
    }

    private ConfigChange done(String id, String by, String what, Optional<ConfigurationInfo> after) {
        changes.incrementAndGet();
        String message = by + ": " + what;
        LOG.info("Configuration editor: {}", message);
        try {
            audit.accept(AuditEvent.by(clock.instant(), CATEGORY, id, by, what));
        } catch (RuntimeException e) {
            log.warn("audit", "Could not audit a configuration change: {}", String.valueOf(e));
        }
        return new ConfigChange(true, id, List.of(), what, after);
    }

    private ConfigChange refuse(String id, List<ConfigProblem> problems) {
        rejections.count(problems.get(0).rule());
        String message = "Configuration change refused: " + String.join("; ", problems.stream().map(ConfigProblem::message).toList());
        log.warn("refused:" + problems.get(0).rule(), "{}. Nothing was changed.", message);
        return new ConfigChange(false, id, problems, message, Optional.empty());
    }

    private ConfigChange failed(String id, IOException e) {
        return refuse(id, List.of(new ConfigProblem("", "io", id + ": could not be written: " + e + " [rule io]")));
    }

    private void writeAtomically(Path path, byte[] bytes) throws IOException {
        Files.createDirectories(path.getParent());
        Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
