package org.thermalcommons.edge.api.command;

/** Where the command on one point stands. */
public enum CommandState {
    /** Arbitrated and waiting in the point's pending slot (device backing off, minimum interval, not yet sent). */
    REQUESTED,
    /** Handed to the driver, no answer yet. */
    SENT,
    /** The device accepted the write; waiting for a reading that matches. */
    ACKNOWLEDGED,
    /** A good reading matched the commanded value within the point's tolerance. */
    VERIFIED,
    /** The device refused the write (its reason is kept); re-tried with back-off until attempts run out. */
    REFUSED,
    /** Given up after the policy's attempts (refused, unreachable or never verified); counted. */
    FAILED,
    /** No controller requests the point any more; the gateway's command was released. */
    RELINQUISHED
}
