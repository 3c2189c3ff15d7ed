package org.thermalcommons.edge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.config.ConfigProblem;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.TextInput;

/**
 * A would-be configuration file: the settings given (secrets left out keep their value), its text as the editor would
 * write it, and every rule it breaks — judged by rendering the text and reading it back with the loader's parser
 * ({@link ConfigFile}) and schema ({@link ConfigSchema#problems}), so nothing is accepted that the loader would refuse.
 *
 * @param current the file's bytes now, if it exists
 * @param before  the file's settings now
 * @param after   the settings it would have
 */
record ConfigDraft(String id, String file, Optional<ConfigFile.Name> name, Optional<MetatypeSchemas.Described> type,
                   Optional<byte[]> current, Map<String, String> before, Map<String, String> after, String text,
                   List<ConfigProblem> problems) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** A configuration id: the file name without {@code .cfg}. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.]{0,199}(-[A-Za-z0-9][A-Za-z0-9_-]{0,63})?");

    static ConfigDraft of(Path etc, java.util.function.Predicate<String> editable, ConfigEditor.Types types, String id,
                          Map<String, String> values) {
        String file = id + ".cfg";
        Optional<ConfigFile.Name> name = nameOf(id);
        List<ConfigProblem> problems = new ArrayList<>();
        if (name.isEmpty()) {
            problems.add(new ConfigProblem("", "name", ConfigFile.abbreviate(String.valueOf(id)) + ": not a configuration id"
                    + " (<pid> or <factoryPid>-<name>; letters, digits, '_', '.' and '-') [rule name]"));
            return new ConfigDraft(id, file, name, Optional.empty(), Optional.empty(), Map.of(), Map.of(), "", problems);
        }
        if (!editable.test(name.get().pid())) {
            problems.add(new ConfigProblem("", "not-editable", id + ": configuration '" + name.get().pid() + "' is not one"
                    + " of the gateway's own components; edit its file by hand [rule not-editable]"));
            return new ConfigDraft(id, file, name, Optional.empty(), Optional.empty(), Map.of(), Map.of(), "", problems);
        }
        Optional<MetatypeSchemas.Described> type = types.describe(name.get().pid(), name.get().factoryName().isPresent());
        if (type.isEmpty()) {
            problems.add(new ConfigProblem("", "unknown-pid", id + ": no installed component declares configuration '"
                    + name.get().pid() + "', so its values cannot be validated [rule unknown-pid]"));
        }
        Path path = etc.resolve(file);
        Optional<byte[]> current = Optional.empty();
        try {
            current = Files.isRegularFile(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
        } catch (IOException e) {
            problems.add(new ConfigProblem("", "io", id + ": the current file cannot be read: " + e + " [rule io]"));
        }
        Map<String, String> before = entries(path, file);
        Map<String, String> after = new LinkedHashMap<>();
        values(id, values, problems, after);
        before.forEach((k, v) -> {
            if (secret(k, type) && !values.containsKey(k)) {
                after.putIfAbsent(k, v); // a secret left out keeps its value
            }
        });
        // Comments and order are kept from a file the loader can read; an unreadable one is written anew.
        List<String> lines = before.isEmpty() || current.isEmpty() ? List.of()
                : new String(current.get(), StandardCharsets.UTF_8).lines().toList();
        String text = ConfigText.render(lines, after);
        if (text.getBytes(StandardCharsets.UTF_8).length > InputKind.CONFIG_FILE.maxBytes()) {
            problems.add(new ConfigProblem("", "max-size", id + ": the file would be larger than "
                    + InputKind.CONFIG_FILE.maxBytes() + " bytes [rule max-size]"));
        }
        if (problems.isEmpty()) {
            try {
                ConfigFile parsed = ConfigFile.parse(file, text);
                for (ConfigSchema.Problem p : type.orElseThrow().schema().problems(parsed)) {
                    problems.add(new ConfigProblem(p.key(), p.rule(), id + ": " + masked(p, after, type) + " [rule " + p.rule() + "]"));
                }
            } catch (InputRejectedException e) {
                problems.add(new ConfigProblem("", e.rule(), id + ": " + e.detail() + " [rule " + e.rule() + "]"));
            }
        }
        return new ConfigDraft(id, file, name, type, current, before, after, text, problems);
    }

    /** The settings given, each checked for what a file line can carry; the usable ones go to {@code out}. */
    private static void values(String id, Map<String, String> values, List<ConfigProblem> problems, Map<String, String> out) {
        if (values.size() > ConfigFile.MAX_KEYS) {
            problems.add(new ConfigProblem("", "max-keys", id + ": more than " + ConfigFile.MAX_KEYS + " keys [rule max-keys]"));
            return;
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().strip();
            if (!KEY.matcher(k).matches()) {
                problems.add(new ConfigProblem(ConfigFile.abbreviate(k), "key-syntax", id + ": key '" + ConfigFile.abbreviate(k)
                        + "' may contain only letters, digits, '_', '-' and '.' (at most 128) [rule key-syntax]"));
            } else if (v.length() > ConfigEditor.MAX_VALUE_CHARS) {
                problems.add(new ConfigProblem(k, "max-size", id + ": key '" + k + "': the value is longer than "
                        + ConfigEditor.MAX_VALUE_CHARS + " characters [rule max-size]"));
            } else if (v.chars().anyMatch(Character::isISOControl)) {
                problems.add(new ConfigProblem(k, "value-syntax", id + ": key '" + k + "': the value must be one line"
                        + " without control characters [rule value-syntax]"));
            } else {
                out.put(k, v);
            }
        }
    }

    /** The problem's text with a secret's value replaced by {@code ***}. */
    private static String masked(ConfigSchema.Problem p, Map<String, String> after, Optional<MetatypeSchemas.Described> type) {
        String raw = after.get(p.key());
        if (raw == null || raw.isEmpty() || !secret(p.key(), type)) {
            return p.text();
        }
        return p.text().replace("'" + ConfigFile.abbreviate(raw) + "'", "'***'");
    }

    /** Passwords and Config Admin's private ({@code .}-prefixed) keys: never returned, masked in messages. */
    static boolean isSecret(String key, ConfigSchema.Type type) {
        return type == ConfigSchema.Type.PASSWORD || key.startsWith(".");
    }

    /** What a configuration id names, when it is one. */
    static Optional<ConfigFile.Name> nameOf(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigFile.Name.of(id + ".cfg"));
        } catch (InputRejectedException e) {
            return Optional.empty();
        }
    }

    static Optional<ConfigFile> read(Path path, String file) {
        try {
            return Optional.of(ConfigFile.parse(file, TextInput.read(path, InputKind.CONFIG_FILE)));
        } catch (InputRejectedException | IOException e) {
            return Optional.empty(); // the loader's state says why
        }
    }

    /** A file's settings, empty when it is missing or the loader could not read it. */
    static Map<String, String> entries(Path path, String file) {
        return Files.isRegularFile(path) ? read(path, file).map(ConfigFile::entries).orElse(Map.of()) : Map.of();
    }

    /** Whether {@code key} is a secret of the type (or, for an undeclared key, by its name). */
    static boolean secret(String key, Optional<MetatypeSchemas.Described> type) {
        ConfigSchema.Attribute a = type.map(t -> t.schema().attributes().get(key)).orElse(null);
        return isSecret(key, a == null ? ConfigSchema.Type.STRING : a.type());
    }
}
