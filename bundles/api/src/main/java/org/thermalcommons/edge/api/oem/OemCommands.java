package org.thermalcommons.edge.api.oem;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The OEM command service, provided by the {@code oem} bundle: the only way to command an OEM device. Thread-safe;
 * {@link #submit} never blocks on the device (it writes the log and returns).
 */
@ProviderType
public interface OemCommands {
    /**
     * Logs a command (PENDING) and returns it. A newer command for the same device supersedes an older one that has not
     * been sent yet (the older one FAILS with reason {@code superseded}). Submitting an id again returns the existing
     * command unchanged, whatever its state: a command is never executed twice.
     *
     * <p>Never waits for the device or the adapter; it costs one durable commit of the log (a few milliseconds, fsync
     * included), so a controller may call it from {@code run} when it decides something, not every cycle.
     *
     * @throws IllegalArgumentException for an id longer than 128 characters or blank, or a verb the device's current
     *                                  adapter does not declare
     */
    OemCommand submit(String id, String deviceId, OemAction action, String requestedBy);

    Optional<OemCommand> find(String id);

    /** The newest commands, newest first, at most {@code limit} (capped at 1,000). */
    List<OemCommand> recent(int limit);

    /** Devices with a bound adapter now. */
    List<String> devices();
}
