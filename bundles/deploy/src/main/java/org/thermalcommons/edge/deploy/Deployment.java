package org.thermalcommons.edge.deploy;

import java.time.Instant;
import java.util.Optional;
import org.thermalcommons.edge.api.health.Health;

/** A bundle the {@link Deployer} deployed, as it stands now (mutated by the deployer's thread only). */
final class Deployment {
    final String symbolicName;
    final long id;
    String file;
    String version;
    String sha256;
    String signer;
    Instant since;
    Optional<String> previousSha = Optional.empty();
    Optional<String> previousVersion = Optional.empty();
    Health health = Health.up();
    int missing;

    Deployment(String symbolicName, long id) {
        this.symbolicName = symbolicName;
        this.id = id;
    }
}
