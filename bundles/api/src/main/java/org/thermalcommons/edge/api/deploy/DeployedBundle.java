package org.thermalcommons.edge.api.deploy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.thermalcommons.edge.api.health.Health;

/**
 * A bundle deployed from {@code deploy/}.
 *
 * @param symbolicName    its Bundle-SymbolicName
 * @param version         its Bundle-Version
 * @param file            the jar's name in {@code deploy/}
 * @param state           its OSGi state: {@code ACTIVE}, {@code RESOLVED}, {@code INSTALLED}, {@code STARTING},
 *                        {@code STOPPING}
 * @param signer          the subject of the trusted certificate that signed it
 * @param sha256          the SHA-256 of the installed jar, lower-case hex
 * @param health          its health as the manager last judged it (components, controllers, health indicators)
 * @param since           when this version was installed
 * @param previousVersion the version kept on disk for a rollback, if any
 */
public record DeployedBundle(String symbolicName, String version, String file, String state, String signer,
                             String sha256, Health health, Instant since, Optional<String> previousVersion) {
    public DeployedBundle {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(previousVersion, "previousVersion");
    }
}
