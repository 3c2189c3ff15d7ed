package org.thermalcommons.edge.api.oem;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One command as the durable log holds it.
 *
 * @param id          the request id given by the caller (idempotency key): submitting it again returns this command
 * @param deviceId    the target device's {@link OemAdapter#deviceId()}
 * @param action      what to do
 * @param requestedBy who asked (controller id, console user, market trade id)
 * @param state       where it is in the lifecycle
 * @param attempts    send attempts so far
 * @param reason      why it failed, or the last transient problem
 * @param createdAt   when it was logged (gateway clock)
 * @param updatedAt   when its state last changed (gateway clock)
 */
public record OemCommand(String id, String deviceId, OemAction action, String requestedBy, OemCommandState state,
                         int attempts, Optional<String> reason, Instant createdAt, Instant updatedAt) {
    public OemCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }
}
