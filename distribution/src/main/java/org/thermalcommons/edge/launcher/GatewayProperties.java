package org.thermalcommons.edge.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The launcher's own settings, from {@code <config>/gateway.properties}: which features to start.
 * Everything else about a site is Config Admin configuration in {@code *.cfg} files beside it.
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
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(f + ": key '" + k + "' is unknown (known keys: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        String features = p.getProperty("features", "").strip();
        if (features.isEmpty()) {
            throw new IllegalArgumentException(f + ": key 'features' must name at least one feature");
        }
        List<String> list = Arrays.stream(features.split("\\s*,\\s*")).filter(s -> !s.isEmpty()).toList();
        for (String name : list) {
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException(f + ": key 'features': '" + name + "' is not a feature name (lower-case letters, digits, '-')");
            }
        }
        return new GatewayProperties(list);
    }
}
