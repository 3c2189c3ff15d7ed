package org.thermalcommons.edge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Writing a configuration file's text from settings, and saying what changed between two versions. */
final class ConfigText {
    private ConfigText() {
    }

    /**
     * The file's new text: the current file's comments and blank lines stay where they are, each setting stays on its
     * line with its new value, settings no longer given are dropped, and new settings are appended in their order.
     */
    static String render(List<String> current, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        Map<String, String> left = new LinkedHashMap<>(values);
        for (String raw : current) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                out.append(raw.stripTrailing()).append('\n');
                continue;
            }
            String key = keyOf(line);
            if (key != null && left.containsKey(key)) {
                out.append(key).append(" = ").append(left.remove(key)).append('\n');
            }
        }
        left.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }

    /** The key of a {@code key = value} line (the loader's separator rule), or null. */
    static String keyOf(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
        return sep <= 0 ? null : line.substring(0, sep).strip();
    }

    /**
     * What changed, e.g. {@code periodMs 1000 → 500; retryMinMs removed (default); .token changed (secret)}. Secret
     * values never appear, only whether they were set, changed or removed.
     */
    static String diff(Map<String, String> before, Map<String, String> after, Predicate<String> secret) {
        List<String> parts = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String b = before.get(k);
            String a = after.get(k);
            if (Objects.equals(a, b)) {
                continue;
            }
            if (secret.test(k)) {
                parts.add(k + (b == null ? " set" : a == null ? " removed" : " changed") + " (secret)");
            } else if (b == null) {
                parts.add(k + " = " + ConfigFile.abbreviate(a));
            } else if (a == null) {
                parts.add(k + " removed (default)");
            } else {
                parts.add(k + " " + ConfigFile.abbreviate(b) + " → " + ConfigFile.abbreviate(a));
            }
        }
        return parts.isEmpty() ? "no setting changed" : String.join("; ", parts);
    }
}
