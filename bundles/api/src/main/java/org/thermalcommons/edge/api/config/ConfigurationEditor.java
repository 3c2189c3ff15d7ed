package org.thermalcommons.edge.api.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads and edits the site configuration in {@code etc/}. Values are the file's text: one string per key, a list's
 * values separated by commas. A save replaces the file's settings with {@code values}, except secrets: a secret key
 * left out keeps its current value. Every change is validated first with the loader's rules (the same conversion
 * and metatype validation as a hand-edited file), keeps the previous version for {@link #rollback}, and is audited
 * (category {@code config}, secrets masked). A refusal changes nothing and names the configuration, key and rule.
 */
@ProviderType
public interface ConfigurationEditor {
    /** Every configurable PID and factory PID of the installed bundles, by PID. */
    List<ConfigurableType> types();

    /** Every configuration file in {@code etc/}, by id. */
    List<ConfigurationInfo> configurations();

    /** One configuration file, by id (file name without {@code .cfg}). */
    Optional<ConfigurationInfo> configuration(String id);

    /** What would be refused if {@code values} were saved as configuration {@code id}; empty when valid. */
    List<ConfigProblem> validate(String id, Map<String, String> values);

    /** Validates and writes {@code etc/<id>.cfg} (a singleton's file is created if missing). */
    ConfigChange save(String id, Map<String, String> values, String by);

    /** Creates the factory configuration {@code <factoryPid>-<name>.cfg}; the name must be file-name safe and new. */
    ConfigChange create(String factoryPid, String name, Map<String, String> values, String by);

    /** Deletes a factory configuration's file (kept for a rollback); its component instance goes away. */
    ConfigChange delete(String id, String by);

    /** Puts back the version before the last change (a deleted file comes back, a created one goes away). */
    ConfigChange rollback(String id, String by);
}
