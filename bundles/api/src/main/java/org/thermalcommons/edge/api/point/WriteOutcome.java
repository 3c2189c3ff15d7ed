package org.thermalcommons.edge.api.point;

import java.util.Objects;

/**
 * How one write (or relinquish) handed to a {@link PointSink} ended, as the device answered it.
 *
 * @param status what happened
 * @param reason the device's or driver's words (e.g. BACnet {@code value-out-of-range}, Modbus exception
 *               {@code 2 illegal data address}, {@code timeout after 3000 ms}); empty when accepted
 */
public record WriteOutcome(Status status, String reason) {
    /** The kinds of outcome. */
    public enum Status {
        /** The device accepted the write (it still has to be verified by read-back). */
        ACCEPTED,
        /** The device answered and refused it: a failed command for this point only, never a device fault. */
        REFUSED,
        /** The write did not reach the device (timeout, connection lost, device backing off). */
        UNREACHABLE,
        /** A newer value for the same point replaced this one before it was sent (one pending slot per point). */
        SUPERSEDED
    }

    public WriteOutcome {
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
    }

    public static WriteOutcome accepted() {
        return new WriteOutcome(Status.ACCEPTED, "");
    }

    public static WriteOutcome refused(String reason) {
        return new WriteOutcome(Status.REFUSED, reason);
    }

    public static WriteOutcome unreachable(String reason) {
        return new WriteOutcome(Status.UNREACHABLE, reason);
    }

    public static WriteOutcome superseded() {
        return new WriteOutcome(Status.SUPERSEDED, "replaced by a newer value before it was sent");
    }

    public boolean isAccepted() {
        return status == Status.ACCEPTED;
    }
}
