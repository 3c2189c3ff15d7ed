package org.thermalcommons.edge.api.oem;

import java.time.Duration;
import java.util.Set;

/**
 * Translates generic actions into one vendor device's operations. Register as a service; the {@code oem} bundle binds
 * adapters dynamically (greedy), so a new version of an adapter bundle takes over the device's commands from the log.
 *
 * <p>The oem bundle calls {@link #send} and {@link #verify} on its own worker thread, one command at a time per device,
 * and never concurrently for the same device. Both may block on I/O but must return within {@link #callTimeout()} and
 * honour interruption. An adapter keeps no command state of its own beyond the call: the durable log does.
 */
public interface OemAdapter {
    /** The device this adapter serves, unique in the gateway, e.g. {@code heatpump}. Stable across versions. */
    String deviceId();

    /** Device family, e.g. {@link HeatPumpActions#FAMILY}. */
    String family();

    /** Verbs this adapter understands; a command for another verb is refused before it is sent. */
    Set<String> actions();

    /** Vendor operation quota. */
    default RateLimits rateLimits() {
        return RateLimits.unlimited();
    }

    /** How long after an acknowledged send the device state is read back. */
    default Duration verifyDelay() {
        return Duration.ofSeconds(5);
    }

    /** Longest one {@link #send} or {@link #verify} call may take. */
    default Duration callTimeout() {
        return Duration.ofSeconds(5);
    }

    /**
     * Carries out the action on the device. {@link OemResult.Outcome#OK} means the device accepted it (ACKNOWLEDGED).
     * Must be idempotent for the same action: the log may call it again after a restart when it cannot know whether the
     * previous call reached the device.
     */
    OemResult send(OemAction action) throws InterruptedException;

    /** Reads the device state back: {@link OemResult.Outcome#OK} when it matches {@code action} (VERIFIED). */
    OemResult verify(OemAction action) throws InterruptedException;
}
