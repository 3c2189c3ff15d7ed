package org.thermalcommons.edge.bench;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component's configuration as DS would hand it over: the metatype interface with its declared defaults (the
 * production settings), except the attributes a benchmark sets.
 */
public final class Configs {
    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, ?> overrides) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (overrides.containsKey(m.getName())) {
                return overrides.get(m.getName());
            }
            return switch (m.getName()) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + overrides;
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == args[0];
                default -> {
                    Object d = m.getDefaultValue();
                    if (d == null) {
                        throw new IllegalStateException(type.getSimpleName() + "." + m.getName() + " has no default");
                    }
                    yield d;
                }
            };
        });
        return type.cast(proxy);
    }

    /**
     * A site configuration file ({@code edge-config/<pid>.cfg}, properties syntax) typed by the component's metatype
     * interface, as the config loader would apply it; {@code overrides} win.
     */
    public static <A> A fromFile(Class<A> type, java.nio.file.Path cfg, Map<String, ?> overrides) throws java.io.IOException {
        java.util.Properties props = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(cfg)) {
            props.load(in);
        }
        Map<String, Object> values = new java.util.HashMap<>();
        for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
            String v = props.getProperty(m.getName());
            if (v != null) {
                values.put(m.getName(), convert(m.getReturnType(), v.trim()));
            }
        }
        values.putAll(overrides);
        return of(type, values);
    }

    private static Object convert(Class<?> t, String v) {
        if (t == int.class) {
            return Integer.parseInt(v);
        } else if (t == long.class) {
            return Long.parseLong(v);
        } else if (t == double.class) {
            return Double.parseDouble(v);
        } else if (t == boolean.class) {
            return Boolean.parseBoolean(v);
        } else if (t == double[].class) {
            return java.util.Arrays.stream(v.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        } else if (t == int[].class) {
            return java.util.Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } else if (t == String[].class) {
            return java.util.Arrays.stream(v.split(",")).map(String::trim).toArray(String[]::new);
        }
        return v;
    }

    /** For annotation-typed configurations. */
    public static <A extends Annotation> A annotation(Class<A> type, Map<String, ?> overrides) {
        return of(type, overrides);
    }
}
