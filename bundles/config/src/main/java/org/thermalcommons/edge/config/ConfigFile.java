package org.thermalcommons.edge.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.thermalcommons.edge.input.InputRejectedException;

/**
 * A parsed {@code etc/*.cfg} file: {@code <pid>.cfg} configures a singleton, {@code <factoryPid>-<name>.cfg} one
 * instance of a factory. Lines are {@code key = value} (or {@code key: value}); {@code #} and {@code !} start comments.
 * A file without a single setting is rejected: deleting the file is how a configuration is removed.
 *
 * @param lines the line each key is set on, for messages
 */
record ConfigFile(String fileName, String pid, Optional<String> factoryName, Map<String, String> entries,
                  Map<String, Integer> lines) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** More keys than any component declares; bounds the work per file. */
    static final int MAX_KEYS = 256;

    /** What a file name says: the PID and, for a factory instance, its name. */
    record Name(String pid, Optional<String> factoryName) {
        static Name of(String fileName) throws InputRejectedException {
            if (!fileName.endsWith(".cfg")) {
                throw new InputRejectedException(fileName, "", "file-name", "configuration files must end in .cfg");
            }
            String base = fileName.substring(0, fileName.length() - 4);
            int dash = base.indexOf('-');
            String pid = dash < 0 ? base : base.substring(0, dash);
            Optional<String> name = dash < 0 ? Optional.empty() : Optional.of(base.substring(dash + 1));
            if (pid.isEmpty() || name.map(String::isEmpty).orElse(false)) {
                throw new InputRejectedException(fileName, "", "file-name",
                        "file name must be <pid>.cfg or <factoryPid>-<name>.cfg");
            }
            return new Name(pid, name);
        }
    }

    static ConfigFile parse(String fileName, String text) throws InputRejectedException {
        return parse(fileName, text.lines().toList());
    }

    static ConfigFile parse(String fileName, List<String> lines) throws InputRejectedException {
        Name name = Name.of(fileName);
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, Integer> at = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0) {
                throw new InputRejectedException(fileName, "line " + n, "syntax",
                        "expected 'key = value', found '" + abbreviate(line) + "'");
            }
            String key = line.substring(0, sep).strip();
            String value = line.substring(sep + 1).strip();
            if (!KEY.matcher(key).matches()) {
                throw new InputRejectedException(fileName, "line " + n, "key-syntax", "key '" + abbreviate(key)
                        + "' may contain only letters, digits, '_', '-' and '.' (at most 128)");
            }
            if (entries.putIfAbsent(key, value) != null) {
                throw new InputRejectedException(fileName, "line " + n, "duplicate-key", "key '" + key
                        + "' is set twice (first on line " + at.get(key) + ")");
            }
            at.put(key, n);
            if (entries.size() > MAX_KEYS) {
                throw new InputRejectedException(fileName, "line " + n, "max-keys", "more than " + MAX_KEYS + " keys");
            }
        }
        if (entries.isEmpty()) {
            throw new InputRejectedException(fileName, "", "empty-file", "has no settings; to remove a configuration,"
                    + " delete its file (an empty file is not read as 'all defaults')");
        }
        return new ConfigFile(fileName, name.pid(), name.factoryName(), entries, at);
    }

    /** The line a key is set on, or 0. */
    int lineOf(String key) {
        return lines.getOrDefault(key, 0);
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
