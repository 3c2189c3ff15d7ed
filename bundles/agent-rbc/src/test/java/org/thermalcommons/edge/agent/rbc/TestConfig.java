package org.thermalcommons.edge.agent.rbc;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An {@link AgentConfig} with the metatype defaults and the given overrides (by attribute name). */
final class TestConfig {
    private TestConfig() {
    }

    static AgentConfig of(Map<String, Object> overrides) {
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(), new Class<?>[] {AgentConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return AgentConfig.class;
                    }
                    if (method.getDefaultValue() == null) {
                        return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : method.getName().equals("equals") ? proxy == args[0] : "TestConfig";
                    }
                    return overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    /** The settings of a .cfg file (comma-separated arrays), typed by the attribute's return type. */
    static Map<String, Object> fromFile(java.nio.file.Path file) throws java.io.IOException {
        Map<String, Object> out = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(file)) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            String key = line.substring(0, line.indexOf('=')).trim();
            String v = line.substring(line.indexOf('=') + 1).trim();
            Class<?> t;
            try {
                t = AgentConfig.class.getMethod(key).getReturnType();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(file + ": unknown key " + key);
            }
            out.put(key, t == double.class ? Double.parseDouble(v) : t == int.class ? Integer.parseInt(v)
                    : t == String[].class ? v.split("\\s*,\\s*") : v);
        }
        return out;
    }

    static AgentSettings settings(Map<String, Object> overrides) {
        return AgentSettings.of(of(overrides));
    }

    static Agent agent(Map<String, Object> overrides) {
        return new Agent(settings(overrides), t -> org.thermalcommons.edge.api.market.GridStress.NORMAL);
    }
}
