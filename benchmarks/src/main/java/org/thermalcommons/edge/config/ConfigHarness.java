package org.thermalcommons.edge.config;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives the production {@code etc/} loader ({@link ConfigDirectory}: limits, parsing, metatype validation,
 * rejection) outside OSGi for the fuzz benchmark, with the control cycle's configuration schema as its metatype
 * declares it (PID org.thermalcommons.edge.core.Cycle). Lives in the loader's package to reach it, as a test would.
 */
public final class ConfigHarness {
    public static final String CYCLE_PID = "org.thermalcommons.edge.core.Cycle";
    private final AtomicReference<Dictionary<String, Object>> inForce = new AtomicReference<>();
    private final AtomicLong audited = new AtomicLong();
    private final ConfigDirectory loader;

    public ConfigHarness(Path etc) {
        ConfigSchema cycle = new ConfigSchema(CYCLE_PID, Map.of(
                "periodMs", new ConfigSchema.Attribute("periodMs", ConfigSchema.Type.INTEGER, 0, v -> range(v, 10, 60_000)),
                "maxConsecutiveFailures", new ConfigSchema.Attribute("maxConsecutiveFailures", ConfigSchema.Type.INTEGER, 0,
                        v -> range(v, 1, 1000)),
                "safeStateOnShutdown", new ConfigSchema.Attribute("safeStateOnShutdown", ConfigSchema.Type.BOOLEAN, 0, v -> "")));
        loader = new ConfigDirectory(etc, (pid, factory) -> Optional.ofNullable(pid.equals(CYCLE_PID) ? cycle : null),
                new ConfigDirectory.Target() {
                    @Override
                    public void update(ConfigFile.Name name, Dictionary<String, Object> properties) {
                        inForce.set(properties);
                    }

                    @Override
                    public void delete(ConfigFile.Name name) {
                        inForce.set(null);
                    }
                }, (e, msg) -> audited.incrementAndGet());
    }

    private static String range(String v, long min, long max) {
        long n = Long.parseLong(v);
        return n < min ? "Value is less than the minimum " + min : n > max ? "Value is greater than the maximum " + max : "";
    }

    /** One scan, as the loader's thread does it. */
    public void scan() {
        loader.scanSafely();
    }

    public long rejected() {
        return loader.rejections().total();
    }

    public long internalErrors() {
        return loader.rejections().of("internal") + loader.scanFailures();
    }

    public Map<String, Long> rejectedByRule() {
        return loader.rejections().byRule();
    }

    /** Whether a valid cycle configuration is in force: one is applied and its period, when set, within 10..60000. */
    public boolean validInForce() {
        Dictionary<String, Object> d = inForce.get();
        return d != null && (d.get("periodMs") == null || ((Integer) d.get("periodMs") >= 10 && (Integer) d.get("periodMs") <= 60_000));
    }
}
