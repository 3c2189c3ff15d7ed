package org.thermalcommons.edge.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.thermalcommons.edge.api.config.ApplyState;
import org.thermalcommons.edge.api.config.AttributeInfo;
import org.thermalcommons.edge.api.config.AttributeType;
import org.thermalcommons.edge.api.config.ConfigChange;
import org.thermalcommons.edge.api.config.ConfigProblem;
import org.thermalcommons.edge.api.config.ConfigurableType;
import org.thermalcommons.edge.api.config.ConfigurationEditor;
import org.thermalcommons.edge.api.config.ConfigurationInfo;

/**
 * The configuration editor as the console sees it, in memory: a cycle (periodMs 10..60000) and a device factory
 * (required host, secret .token). The real editor and its rules are tested in bundles/config; this one only lets the
 * console's routes be exercised.
 */
final class FakeConfigEditor implements ConfigurationEditor {
    static final String CYCLE = "org.x.Cycle";
    static final String DEVICE = "org.x.Device";
    static final String SECRET = "never-shown-token";

    final Map<String, Map<String, String>> files = new TreeMap<>();
    final Map<String, Deque<Optional<Map<String, String>>>> history = new HashMap<>();
    final List<String> changes = new CopyOnWriteArrayList<>();

    FakeConfigEditor() {
        files.put(CYCLE, new TreeMap<>(Map.of("periodMs", "1000")));
        files.put(DEVICE + "-pump", new TreeMap<>(Map.of("host", "127.0.0.1", ".token", SECRET)));
    }

    @Override
    public List<ConfigurableType> types() {
        return List.of(
                new ConfigurableType(CYCLE, false, "Cycle", "the cycle", List.of(new AttributeInfo("periodMs", "Period (ms)", "",
                        AttributeType.INTEGER, 0, Optional.of("10"), Optional.of("60000"), List.of(), List.of("1000"), false, false))),
                new ConfigurableType(DEVICE, true, "Device", "", List.of(
                        new AttributeInfo("host", "Host", "", AttributeType.STRING, 0, Optional.empty(), Optional.empty(), List.of(),
                                List.of(), true, false),
                        new AttributeInfo(".token", "Token", "", AttributeType.PASSWORD, 0, Optional.empty(), Optional.empty(),
                                List.of(), List.of(), false, true))));
    }

    @Override
    public synchronized List<ConfigurationInfo> configurations() {
        return files.keySet().stream().map(this::info).toList();
    }

    @Override
    public synchronized Optional<ConfigurationInfo> configuration(String id) {
        return files.containsKey(id) ? Optional.of(info(id)) : Optional.empty();
    }

    private ConfigurationInfo info(String id) {
        Map<String, String> values = new TreeMap<>(files.get(id));
        Map<String, Boolean> secrets = new TreeMap<>();
        if (id.startsWith(DEVICE)) {
            secrets.put(".token", values.remove(".token") != null);
        }
        int dash = id.indexOf('-');
        return new ConfigurationInfo(id, dash < 0 ? id : id.substring(0, dash), dash < 0 ? Optional.empty() : Optional.of(id.substring(dash + 1)),
                id + ".cfg", values, secrets, history.getOrDefault(id, new ArrayDeque<>()).size(),
                new ApplyState(ApplyState.Stage.APPLIED, "component runs with these values"));
    }

    @Override
    public List<ConfigProblem> validate(String id, Map<String, String> values) {
        List<ConfigProblem> out = new ArrayList<>();
        String p = values.get("periodMs");
        if (p != null && (!p.matches("[0-9]{1,6}") || Integer.parseInt(p) < 10 || Integer.parseInt(p) > 60000)) {
            out.add(new ConfigProblem("periodMs", "range", id + ": key 'periodMs': value '" + p
                    + "' is invalid: Value is less than the minimum 10 [rule range]"));
        }
        if (id.startsWith(DEVICE) && !values.containsKey("host")) {
            out.add(new ConfigProblem("host", "required", id + ": key 'host' is required (it has no default) [rule required]"));
        }
        return out;
    }

    @Override
    public synchronized ConfigChange save(String id, Map<String, String> values, String by) {
        List<ConfigProblem> problems = validate(id, values);
        if (!problems.isEmpty()) {
            return new ConfigChange(false, id, problems, "refused: " + problems.get(0).message(), Optional.empty());
        }
        history.computeIfAbsent(id, k -> new ArrayDeque<>()).push(Optional.ofNullable(files.get(id)));
        Map<String, String> next = new TreeMap<>(values);
        Optional.ofNullable(files.get(id)).map(f -> f.get(".token")).ifPresent(t -> next.putIfAbsent(".token", t));
        files.put(id, next);
        changes.add(by + " saved " + id);
        return new ConfigChange(true, id, List.of(), "saved " + id, Optional.of(info(id)));
    }

    @Override
    public synchronized ConfigChange create(String factoryPid, String name, Map<String, String> values, String by) {
        String id = factoryPid + "-" + name;
        if (files.containsKey(id)) {
            return new ConfigChange(false, id, List.of(new ConfigProblem("", "exists", id + ": exists [rule exists]")), "refused",
                    Optional.empty());
        }
        return save(id, values, by);
    }

    @Override
    public synchronized ConfigChange delete(String id, String by) {
        Map<String, String> old = files.remove(id);
        if (old == null) {
            return new ConfigChange(false, id, List.of(new ConfigProblem("", "not-found", id + ": no such configuration [rule not-found]")),
                    "refused", Optional.empty());
        }
        history.computeIfAbsent(id, k -> new ArrayDeque<>()).push(Optional.of(old));
        changes.add(by + " deleted " + id);
        return new ConfigChange(true, id, List.of(), "deleted " + id, Optional.empty());
    }

    @Override
    public synchronized ConfigChange rollback(String id, String by) {
        Deque<Optional<Map<String, String>>> h = history.get(id);
        if (h == null || h.isEmpty()) {
            return new ConfigChange(false, id, List.of(new ConfigProblem("", "no-history", id + ": no previous version [rule no-history]")),
                    "refused", Optional.empty());
        }
        h.pop().ifPresentOrElse(v -> files.put(id, v), () -> files.remove(id));
        changes.add(by + " rolled back " + id);
        return new ConfigChange(true, id, List.of(), "rolled back " + id, configuration(id));
    }
}
