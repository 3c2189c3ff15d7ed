package org.thermalcommons.edge.api.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration file in {@code etc/} and what became of it.
 *
 * @param id               the file name without {@code .cfg}: the PID, or {@code <factoryPid>-<name>}
 * @param pid              the PID (singleton) or factory PID
 * @param factoryName      the instance name of a factory configuration
 * @param file             the file name in {@code etc/}
 * @param values           the file's settings as written (lists comma-separated), without secrets
 * @param secrets          every secret key the type declares or the file sets: {@code true} when the file sets it
 * @param previousVersions how many previous versions are kept for a rollback (0: none)
 * @param state            how far the file got (loader, Config Admin, component)
 */
public record ConfigurationInfo(String id, String pid, Optional<String> factoryName, String file,
                                Map<String, String> values, Map<String, Boolean> secrets, int previousVersions,
                                ApplyState state) {
    public ConfigurationInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(factoryName, "factoryName");
        Objects.requireNonNull(file, "file");
        values = Map.copyOf(values);
        secrets = Map.copyOf(secrets);
        Objects.requireNonNull(state, "state");
    }
}
