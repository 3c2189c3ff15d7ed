package org.thermalcommons.edge.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.TextInput;

/**
 * The launcher's own settings, from {@code <config>/gateway.properties}: which features to start.
 * Everything else about a site is Config Admin configuration in {@code *.cfg} files beside it. The file is read under
 * the {@link InputKind#GATEWAY_PROPERTIES} size limit as strict UTF-8 text; every problem is reported as one message
 * naming the file and the line.
 */
record GatewayProperties(List<String> features) {
    static final String FILE = "gateway.properties";
    private static final Set<String> KEYS = Set.of("features");
    static final List<String> DEFAULT_FEATURES = List.of("core", "store");

    static GatewayProperties load(Path configDir) throws IOException {
        Path f = configDir.resolve(FILE);
        if (!Files.exists(f)) {
            return new GatewayProperties(DEFAULT_FEATURES);
        }
        String text;
        try {
            text = TextInput.read(f, f.toString(), InputKind.GATEWAY_PROPERTIES.maxBytes(),
                    InputKind.GATEWAY_PROPERTIES.description());
        } catch (InputRejectedException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        int n = 0;
        for (String raw : text.lines().toList()) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0) {
                throw new IllegalArgumentException(f + " line " + n + ": expected 'key = value' [rule syntax]");
            }
            String key = line.substring(0, sep).strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(f + " line " + n + ": key '" + abbreviate(key) + "' is unknown (known keys: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ") [rule unknown-key]");
            }
            if (values.put(key, line.substring(sep + 1).strip()) != null) {
                throw new IllegalArgumentException(f + " line " + n + ": key '" + key + "' is set twice (first on line "
                        + lines.get(key) + ") [rule duplicate-key]");
            }
            lines.put(key, n);
        }
        String features = values.getOrDefault("features", "");
        String where = f + (lines.containsKey("features") ? " line " + lines.get("features") : "");
        if (features.isEmpty()) {
            throw new IllegalArgumentException(where + ": key 'features' must name at least one feature [rule required]");
        }
        List<String> list = Arrays.stream(features.split("\\s*,\\s*")).filter(s -> !s.isEmpty()).toList();
        for (String name : list) {
            if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new IllegalArgumentException(where + ": key 'features': '" + abbreviate(name)
                        + "' is not a feature name (lower-case letters, digits, '-') [rule feature-name]");
            }
        }
        return new GatewayProperties(list);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
