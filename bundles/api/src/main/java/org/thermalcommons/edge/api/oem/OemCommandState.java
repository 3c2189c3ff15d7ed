package org.thermalcommons.edge.api.oem;

/** Lifecycle of an OEM command in the durable log (seed 003): PENDING → SENT → ACKNOWLEDGED → VERIFIED → COMPLETED. */
public enum OemCommandState {
    /** Logged, waiting for its device's adapter, its rate limit, a back-off or the breaker. */
    PENDING,
    /** Handed to the adapter; the outcome is not known yet (after a restart it is sent again, idempotently). */
    SENT,
    /** The device accepted it. */
    ACKNOWLEDGED,
    /** The device state read back matches. */
    VERIFIED,
    /** Done and closed. */
    COMPLETED,
    /** Given up, with a reason: refused, out of attempts, superseded, or expired. */
    FAILED;

    /** True for COMPLETED and FAILED: the command will not change again. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
