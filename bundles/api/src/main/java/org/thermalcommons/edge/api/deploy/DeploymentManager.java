package org.thermalcommons.edge.api.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's deployment manager, as a service. {@code deploy/} is its folder: a signed jar moved into it is
 * installed (or updates the bundle of the same symbolic name), a jar removed from it is uninstalled. The requests
 * below act on the same folder and run on the manager's own thread, one after the other with the folder's changes;
 * each completes with the event that ended it ({@link DeploymentEvent.Kind#REFUSED} and
 * {@link DeploymentEvent.Kind#ROLLED_BACK} are results, not exceptions).
 */
@ProviderType
public interface DeploymentManager {
    /** The bundles deployed from {@code deploy/} now, by symbolic name. */
    List<DeployedBundle> deployed();

    /** One deployed bundle. */
    Optional<DeployedBundle> deployed(String symbolicName);

    /** Recent events, oldest first, at most {@code limit} (the manager keeps a bounded history). */
    List<DeploymentEvent> history(int limit);

    /**
     * Verifies {@code jar} and, if it is trusted, moves a copy into {@code deploy/} (named for its symbolic name) and
     * installs it, or updates the deployed bundle of the same symbolic name.
     */
    CompletionStage<DeploymentEvent> install(Path jar);

    /** Removes the bundle's jar from {@code deploy/} and uninstalls it. */
    CompletionStage<DeploymentEvent> uninstall(String symbolicName);

    /**
     * Goes back to the bundle's previous version (kept on disk). The jar in {@code deploy/} is left as it is and is not
     * tried again until it changes.
     */
    CompletionStage<DeploymentEvent> rollback(String symbolicName);
}
