package org.thermalcommons.edge.api.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One step of a deployment, as audited.
 *
 * @param at           when it ended
 * @param kind         what happened
 * @param file         the jar's name in {@code deploy/} (or the requested file's name)
 * @param symbolicName the bundle's symbolic name, empty when the jar was refused before it could be read
 * @param version      the version concerned (the one refused, installed, or rolled back to), empty if unknown
 * @param sha256       the SHA-256 of the jar in {@code deploy/} the event is about (for a rollback: the failed one),
 *                     lower-case hex, empty if it could not be read
 * @param signer       the subject of the trusted signer, empty when not verified
 * @param verification how long the signature check of the jar took (for a rollback: of the kept copy gone back to;
 *                     {@link Duration#ZERO} when none ran)
 * @param rule         for {@link Kind#REFUSED}, {@link Kind#FAILED} and {@link Kind#ROLLED_BACK}: the rule that
 *                     decided, e.g. {@code unsigned}, {@code tampered}, {@code untrusted-signer},
 *                     {@code unsigned-entry}, {@code corrupt}, {@code too-large}, {@code not-a-bundle},
 *                     {@code activation-failed}, {@code unhealthy}; empty otherwise
 * @param detail       a sentence saying what and why, naming the bundle that failed
 */
public record DeploymentEvent(Instant at, Kind kind, String file, String symbolicName, String version, String sha256,
                              String signer, Duration verification, String rule, String detail) {
    /** What a step did. */
    public enum Kind {
        /** A new bundle installed, started and healthy. */
        INSTALLED,
        /** A new version replaced the previous one and is healthy. */
        UPDATED,
        /** Removed from {@code deploy/}: uninstalled. */
        UNINSTALLED,
        /** Not installed: the jar failed verification (signature, integrity, size, manifest). */
        REFUSED,
        /** A new version failed and the previous one runs again. */
        ROLLED_BACK,
        /** A new bundle (no previous version) failed to resolve, activate or become healthy: it was uninstalled. */
        FAILED
    }

    public DeploymentEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
    }
}
