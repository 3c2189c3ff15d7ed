package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.command.CommandCounters;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.point.WritePolicy;

/**
 * The command on one point: its lifecycle, one pending slot (the newest value waiting for the minimum interval), and
 * its counters. A pure state machine on the cycle thread: the {@link CommandTable} does the I/O and feeds it
 * outcomes and read-back verdicts. Wall durations (minimum interval, heartbeat, back-off) are on a monotonic clock in
 * nanoseconds; {@code since} and acknowledgement times are on the gateway clock.
 *
 * <p>Methods that change the state notably (refused, failed, re-commanded, recovered) return a message for the audit
 * log; the ordinary path (requested, sent, acknowledged, verified) returns null.
 */
final class Command {
    private static final double EPSILON = 1e-9;

    final PointId point;
    PointSink sink;
    WritePolicy policy;
    private Duration verifyTimeout;

    private CommandState state = CommandState.REQUESTED;
    private double commanded = Double.NaN;
    private Instant commandedAt;
    private double pending = Double.NaN;
    private WritePriority priority = WritePriority.OPTIMISATION;
    private String origin = "";
    private Instant since;
    private int attempts;
    private String reason;
    private boolean troubled;
    /** The state before a new value took the pending slot (restored if the request returns within the deadband). */
    private CommandState settled = CommandState.REQUESTED;

    private long lastValueWriteNanos;
    private boolean everWritten;
    private long lastSendNanos;
    private long ackNanos;
    private Instant ackAt;
    private boolean resendDue;
    private long retryAtNanos;
    private long seq;

    private long sent;
    private long acknowledged;
    private long verified;
    private long refused;
    private long failed;
    private long reasserted;

    Command(PointId point, PointSink sink, WritePolicy policy, Duration verifyTimeout, Instant now) {
        this.point = point;
        this.sink = sink;
        this.policy = policy;
        this.verifyTimeout = verifyTimeout;
        this.since = now;
    }

    // ---- requests ----

    /**
     * The winning request of this cycle, already clamped. A value within the deadband of the commanded one is not
     * written (and cancels a waiting one); otherwise it takes the pending slot (latest wins).
     */
    void want(double value, WritePriority p, String who, Instant now) {
        priority = p;
        origin = who;
        boolean active = state != CommandState.RELINQUISHED && !Double.isNaN(commanded);
        double band = Math.max(policy.deadband(), EPSILON);
        if (active && Math.abs(value - commanded) < band) {
            if (!Double.isNaN(pending)) {
                pending = Double.NaN;
                enter(settled, now);
            }
            return;
        }
        if (Double.isNaN(pending)) {
            settled = state;
        }
        pending = value;
        enter(CommandState.REQUESTED, now);
    }

    /** Safe state: the value goes out now, whatever the deadband and minimum interval say. */
    void force(double value, WritePriority p, String who, Instant now) {
        priority = p;
        origin = who;
        pending = value;
        everWritten = false;
        enter(CommandState.REQUESTED, now);
    }

    /** The sink writing this point changed (driver restarted): the command goes out again to the new one. */
    void sinkChanged(PointSink s, Instant now) {
        sink = s;
        if (!Double.isNaN(commanded) && state != CommandState.RELINQUISHED && Double.isNaN(pending)) {
            pending = commanded;
            everWritten = false;
            enter(CommandState.REQUESTED, now);
        }
    }

    void policy(WritePolicy p, Duration timeout) {
        policy = p;
        verifyTimeout = timeout;
    }

    // ---- sending ----

    /** What to send now, if anything: the pending value, a due re-send, a heartbeat; NaN for nothing. */
    double nextSend(long nanos, Instant now, RetryTiming retry) {
        if (state == CommandState.SENT || state == CommandState.RELINQUISHED && Double.isNaN(pending)) {
            return Double.NaN;
        }
        if (!Double.isNaN(pending)) {
            // A due re-send means the device needs a write anyway: the newest value goes, minimum interval or not.
            boolean resendNow = resendDue && nanos >= retryAtNanos;
            if (everWritten && !resendNow && nanos - lastValueWriteNanos < policy.minInterval().toNanos()) {
                return Double.NaN;
            }
            commanded = pending;
            commandedAt = now;
            pending = Double.NaN;
            attempts = 0;
            troubled = false;
            everWritten = true;
            lastValueWriteNanos = nanos;
            return send(nanos, now);
        }
        if (resendDue && nanos >= retryAtNanos) {
            reasserted++;
            return send(nanos, now);
        }
        if (state == CommandState.FAILED && nanos >= retryAtNanos) {
            attempts = 0;
            reasserted++;
            return send(nanos, now);
        }
        if (policy.heartbeat().isPresent() && (state == CommandState.VERIFIED || state == CommandState.ACKNOWLEDGED)
                && nanos - lastSendNanos >= policy.heartbeat().get().toNanos()) {
            attempts = 0;
            reasserted++;
            return send(nanos, now);
        }
        return Double.NaN;
    }

    private double send(long nanos, Instant now) {
        attempts++;
        sent++;
        seq++;
        resendDue = false;
        lastSendNanos = nanos;
        enter(CommandState.SENT, now);
        return commanded;
    }

    long seq() {
        return seq;
    }

    /** No request wins the point any more: the gateway's command is released. Returns false when nothing to do. */
    boolean relinquish(Instant now) {
        if (state == CommandState.RELINQUISHED) {
            return false;
        }
        commanded = Double.NaN;
        pending = Double.NaN;
        resendDue = false;
        seq++;
        reason = null;
        enter(CommandState.RELINQUISHED, now);
        return true;
    }

    // ---- answers ----

    /** The device's answer to send number {@code s}; answers to older sends are ignored. */
    String outcome(long s, WriteOutcome o, Instant at, long nanos, RetryTiming retry) {
        if (s != seq || state == CommandState.RELINQUISHED) {
            return null;
        }
        switch (o.status()) {
            case ACCEPTED -> {
                acknowledged++;
                ackAt = at;
                ackNanos = nanos;
                if (state == CommandState.SENT) {
                    enter(CommandState.ACKNOWLEDGED, at);
                }
                return null;
            }
            case REFUSED -> {
                refused++;
                reason = "refused: " + o.reason();
                troubled = true;
                if (attempts >= policy.maxAttempts()) {
                    return fail(at, nanos, retry);
                }
                enter(CommandState.REFUSED, at);
                scheduleResend(nanos, retry);
                return "write of " + commanded + " refused by the device (" + o.reason() + "), attempt " + attempts
                        + " of " + policy.maxAttempts() + "; re-sent with back-off";
            }
            case UNREACHABLE -> {
                reason = "unreachable: " + o.reason();
                troubled = true;
                if (attempts >= policy.maxAttempts()) {
                    return fail(at, nanos, retry);
                }
                enter(CommandState.REQUESTED, at);
                scheduleResend(nanos, retry);
                return null;
            }
            default -> {
                // SUPERSEDED although it was our newest send: send it again.
                enter(CommandState.REQUESTED, at);
                resendDue = true;
                retryAtNanos = nanos;
                return null;
            }
        }
    }

    /** Read-back of this cycle's snapshot. */
    String verdict(Verifier.Verdict v, double reading, Instant now, long nanos, RetryTiming retry) {
        if (Double.isNaN(commanded)) {
            return null;
        }
        if (!Double.isNaN(pending)) {
            if (settled == CommandState.VERIFIED && v == Verifier.Verdict.MISMATCH && everWritten) {
                // Lost while a newer value waits for the minimum interval: the device needs a write anyway.
                everWritten = false;
                troubled = true;
                reason = "read back " + reading + ", commanded " + commanded + " (device restarted or overridden)";
                return "verified command lost: " + reason + "; the newest value " + pending + " goes out now";
            }
            return null;
        }
        if (state == CommandState.ACKNOWLEDGED) {
            if (v == Verifier.Verdict.MATCH) {
                verified++;
                boolean recovered = troubled;
                troubled = false;
                reason = null;
                enter(CommandState.VERIFIED, now);
                return recovered ? "verified at " + commanded + " after " + attempts + " attempt(s)" : null;
            }
            boolean timedOut = nanos - ackNanos > verifyTimeout.toNanos();
            if (v == Verifier.Verdict.MISMATCH || timedOut) {
                reason = v == Verifier.Verdict.MISMATCH ? "read back " + reading + ", commanded " + commanded
                        : "no reading confirmed " + commanded + " within " + verifyTimeout.toMillis() + " ms";
                troubled = true;
                if (attempts >= policy.maxAttempts()) {
                    return fail(now, nanos, retry);
                }
                // Hold in ACKNOWLEDGED with a re-send due; a matching reading in the meantime still verifies.
                if (!resendDue) {
                    scheduleResend(nanos, retry);
                }
            }
            return null;
        }
        if (state == CommandState.VERIFIED && v == Verifier.Verdict.MISMATCH) {
            // The device lost or overrode the command (restart, local override): command it again now.
            attempts = 0;
            troubled = true;
            reason = "read back " + reading + ", commanded " + commanded + " (device restarted or overridden)";
            enter(CommandState.REQUESTED, now);
            resendDue = true;
            retryAtNanos = nanos;
            return "verified command lost: " + reason + "; re-commanded";
        }
        return null;
    }

    private void scheduleResend(long nanos, RetryTiming retry) {
        resendDue = true;
        retryAtNanos = nanos + retry.delayNanos(attempts);
    }

    private String fail(Instant at, long nanos, RetryTiming retry) {
        failed++;
        resendDue = false;
        retryAtNanos = nanos + retry.max().toNanos();
        enter(CommandState.FAILED, at);
        return "command " + commanded + " failed after " + attempts + " attempt(s): " + reason + "; tried again in "
                + retry.max().toSeconds() + " s";
    }

    private void enter(CommandState s, Instant at) {
        if (s != state) {
            state = s;
            since = at;
        }
    }

    // ---- reading ----

    CommandState state() {
        return state;
    }

    /** Whether read-back applies: a command sent and answered, or a verified one with a newer value waiting. */
    boolean checkable() {
        return state == CommandState.ACKNOWLEDGED || state == CommandState.VERIFIED
                || state == CommandState.REQUESTED && !Double.isNaN(pending) && settled == CommandState.VERIFIED;
    }

    double commanded() {
        return commanded;
    }

    Instant commandedAt() {
        return commandedAt;
    }

    Instant ackAt() {
        return ackAt;
    }

    int attempts() {
        return attempts;
    }

    CommandCounters counters() {
        return new CommandCounters(sent, acknowledged, verified, refused, failed, reasserted);
    }

    CommandStatus status() {
        double v = !Double.isNaN(pending) ? pending : commanded;
        return new CommandStatus(point, state, Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v), priority,
                origin, since, attempts, Optional.ofNullable(reason), counters());
    }
}
