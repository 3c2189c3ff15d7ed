package org.thermalcommons.edge.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed {@code etc/*.cfg} file: {@code <pid>.cfg} configures a singleton, {@code <factoryPid>-<name>.cfg} one
 * instance of a factory. Lines are {@code key = value} (or {@code key: value}); {@code #} and {@code !} start comments.
 */
record ConfigFile(String fileName, String pid, Optional<String> factoryName, Map<String, String> entries) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    static ConfigFile parse(String fileName, List<String> lines) throws ParseException {
        if (!fileName.endsWith(".cfg")) {
            throw new ParseException(fileName + ": configuration files must end in .cfg");
        }
        String base = fileName.substring(0, fileName.length() - 4);
        int dash = base.indexOf('-');
        String pid = dash < 0 ? base : base.substring(0, dash);
        Optional<String> name = dash < 0 ? Optional.empty() : Optional.of(base.substring(dash + 1));
        if (pid.isEmpty() || name.map(String::isEmpty).orElse(false)) {
            throw new ParseException(fileName + ": file name must be <pid>.cfg or <factoryPid>-<name>.cfg");
        }
        Map<String, String> entries = new LinkedHashMap<>();
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
                throw new ParseException(fileName + " line " + n + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, sep).strip();
            String value = line.substring(sep + 1).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ParseException(fileName + " line " + n + ": key '" + key + "' may contain only letters, digits, '_', '-' and '.'");
            }
            if (entries.putIfAbsent(key, value) != null) {
                throw new ParseException(fileName + " line " + n + ": key '" + key + "' is set twice");
            }
        }
        return new ConfigFile(fileName, pid, name, entries);
    }
}
