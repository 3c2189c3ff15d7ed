package org.thermalcommons.edge.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermalcommons.edge.input.InputRejectedException;

/** Test doubles for the loader: a metatype-like schema, Config Admin as a map, an audit log as a list. */
final class TestConfig {
    static final String CYCLE = "org.x.Cycle";
    static final String DEVICE = "org.x.Device";

    private TestConfig() {
    }

    /** Like the core's cycle: periodMs 10..60000, maxConsecutiveFailures 1..100, a flag, a name and 24 prices. */
    static ConfigSchema cycleSchema() {
        return new ConfigSchema(CYCLE, Map.of(
                "periodMs", new ConfigSchema.Attribute("periodMs", ConfigSchema.Type.INTEGER, 0, v -> range(v, 10, 60_000)),
                "maxConsecutiveFailures", new ConfigSchema.Attribute("maxConsecutiveFailures", ConfigSchema.Type.INTEGER, 0,
                        v -> range(v, 1, 100)),
                "safeStateOnShutdown", new ConfigSchema.Attribute("safeStateOnShutdown", ConfigSchema.Type.BOOLEAN, 0, v -> ""),
                "name", new ConfigSchema.Attribute("name", ConfigSchema.Type.STRING, 0, v -> ""),
                "prices", new ConfigSchema.Attribute("prices", ConfigSchema.Type.DOUBLE, 24, v -> "")));
    }

    static String range(String v, long min, long max) {
        long n = Long.parseLong(v);
        return n < min ? "Value is less than the minimum " + min : n > max ? "Value is greater than the maximum " + max : "";
    }

    static final class Schemas implements ConfigDirectory.Schemas {
        final Map<String, ConfigSchema> byPid = Collections.synchronizedMap(new HashMap<>());
        volatile Error failOnce;

        Schemas with(ConfigSchema s) {
            byPid.put(s.pid(), s);
            return this;
        }

        @Override
        public Optional<ConfigSchema> find(String pid, boolean factory) {
            Error e = failOnce;
            if (e != null) {
                failOnce = null;
                throw e;
            }
            return Optional.ofNullable(byPid.get(pid));
        }
    }

    /** Config Admin: PID (with ~name for factory instances) → the properties last applied. */
    static final class Target implements ConfigDirectory.Target {
        final Map<String, Dictionary<String, Object>> configs = Collections.synchronizedMap(new HashMap<>());
        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        static String key(ConfigFile.Name n) {
            return n.pid() + n.factoryName().map(f -> "~" + f).orElse("");
        }

        @Override
        public void update(ConfigFile.Name name, Dictionary<String, Object> properties) {
            configs.put(key(name), properties);
            log.add("update " + key(name));
        }

        @Override
        public void delete(ConfigFile.Name name) {
            configs.remove(key(name));
            log.add("delete " + key(name));
        }
    }

    static final class Audit implements ConfigDirectory.Reporter {
        final List<InputRejectedException> rejected = Collections.synchronizedList(new ArrayList<>());
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void rejected(InputRejectedException e, String message) {
            rejected.add(e);
            messages.add(message);
        }
    }
}
