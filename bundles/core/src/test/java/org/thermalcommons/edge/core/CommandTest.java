package org.thermalcommons.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.point.WritePolicy;
import org.thermalcommons.edge.core.Verifier.Verdict;

/** Every transition of one point's command, driven directly (no cycle, no threads). */
class CommandTest {
    private static final long S = 1_000_000_000L;
    private static final RetryTiming RETRY = new RetryTiming(Duration.ofSeconds(1), Duration.ofSeconds(8));
    private static final PointId P = PointId.of("zone-1", "cooling-setpoint");
    private final Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
    private long nanos = 100 * S;

    private Command command(WritePolicy policy) {
        return new Command(P, null, policy, Duration.ofSeconds(10), t0);
    }

    private Instant at() {
        return t0.plusNanos(nanos - 100 * S);
    }

    private double send(Command c) {
        return c.nextSend(nanos, at(), RETRY);
    }

    private String answer(Command c, WriteOutcome o) {
        return c.outcome(c.seq(), o, at(), nanos, RETRY);
    }

    private String read(Command c, Verdict v, double reading) {
        return c.verdict(v, reading, at(), nanos, RETRY);
    }

    @Test
    void requestedSentAcknowledgedVerified() {
        Command c = command(WritePolicy.DEFAULT);
        c.want(22, WritePriority.COMFORT, "thermostat", at());
        assertThat(c.state()).isEqualTo(CommandState.REQUESTED);
        assertThat(send(c)).isEqualTo(22.0);
        assertThat(c.state()).isEqualTo(CommandState.SENT);
        assertThat(send(c)).as("nothing more while in flight").isNaN();
        assertThat(answer(c, WriteOutcome.accepted())).isNull();
        assertThat(c.state()).isEqualTo(CommandState.ACKNOWLEDGED);
        assertThat(read(c, Verdict.NO_READING, Double.NaN)).isNull();
        assertThat(c.state()).isEqualTo(CommandState.ACKNOWLEDGED);
        assertThat(read(c, Verdict.MATCH, 22.0)).as("the ordinary path is not audited").isNull();
        assertThat(c.state()).isEqualTo(CommandState.VERIFIED);
        assertThat(c.counters().sent()).isEqualTo(1);
        assertThat(c.counters().acknowledged()).isEqualTo(1);
        assertThat(c.counters().verified()).isEqualTo(1);
        assertThat(c.status().origin()).isEqualTo("thermostat");
        assertThat(c.status().priority()).isEqualTo(WritePriority.COMFORT);
    }

    @Test
    void aNewerRequestReplacesTheWaitingOneAndOnlyItIsSent() {
        Command c = command(new WritePolicy(0.1, 0, Duration.ofSeconds(60), Optional.empty(), 3));
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        nanos += 10 * S;
        c.want(23, WritePriority.COMFORT, "a", at());
        c.want(24, WritePriority.COMFORT, "a", at());
        assertThat(send(c)).as("minimum interval not over").isNaN();
        assertThat(c.state()).isEqualTo(CommandState.REQUESTED);
        assertThat(c.status().value()).hasValue(24.0);
        nanos += 50 * S;
        assertThat(send(c)).isEqualTo(24.0);
        assertThat(c.counters().sent()).isEqualTo(2);
    }

    @Test
    void changesWithinTheDeadbandAreNotWrittenAndCancelAWaitingValue() {
        Command c = command(new WritePolicy(0.1, 0.1, Duration.ofSeconds(60), Optional.empty(), 3));
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        read(c, Verdict.MATCH, 22);
        c.want(22.004, WritePriority.COMFORT, "a", at());
        assertThat(c.state()).isEqualTo(CommandState.VERIFIED);
        c.want(22.5, WritePriority.COMFORT, "a", at());
        assertThat(c.state()).isEqualTo(CommandState.REQUESTED);
        c.want(22.05, WritePriority.COMFORT, "a", at());
        assertThat(c.state()).as("back within the deadband: the verified command stands").isEqualTo(CommandState.VERIFIED);
        nanos += 120 * S;
        assertThat(send(c)).isNaN();
    }

    @Test
    void aRefusedWriteIsResentWithBackOffThenFailedAndCounted() {
        Command c = command(new WritePolicy(0.1, 0, Duration.ZERO, Optional.empty(), 3));
        c.want(40, WritePriority.COMFORT, "a", at());
        send(c);
        assertThat(answer(c, WriteOutcome.refused("value-out-of-range"))).contains("value-out-of-range");
        assertThat(c.state()).isEqualTo(CommandState.REFUSED);
        assertThat(c.status().reason()).hasValue("refused: value-out-of-range");
        assertThat(send(c)).as("back-off of 1 s").isNaN();
        nanos += S;
        assertThat(send(c)).isEqualTo(40.0);
        answer(c, WriteOutcome.refused("value-out-of-range"));
        nanos += S;
        assertThat(send(c)).as("back-off doubled to 2 s").isNaN();
        nanos += S;
        assertThat(send(c)).isEqualTo(40.0);
        assertThat(answer(c, WriteOutcome.refused("value-out-of-range"))).contains("failed after 3 attempt");
        assertThat(c.state()).isEqualTo(CommandState.FAILED);
        assertThat(c.counters().refused()).isEqualTo(3);
        assertThat(c.counters().failed()).isEqualTo(1);
        assertThat(c.counters().reasserted()).isEqualTo(2);
        nanos += 7 * S;
        assertThat(send(c)).as("a failed command is given up until the longest back-off").isNaN();
        nanos += S;
        assertThat(send(c)).as("then tried again as a new round").isEqualTo(40.0);
        assertThat(c.attempts()).isEqualTo(1);
    }

    @Test
    void anUnreachableDeviceIsRetriedAndARecoveryIsAudited() {
        Command c = command(new WritePolicy(0.1, 0, Duration.ZERO, Optional.empty(), 5));
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        assertThat(answer(c, WriteOutcome.unreachable("timeout"))).isNull();
        assertThat(c.state()).isEqualTo(CommandState.REQUESTED);
        nanos += S;
        assertThat(send(c)).isEqualTo(22.0);
        answer(c, WriteOutcome.accepted());
        assertThat(read(c, Verdict.MATCH, 22)).contains("verified at 22.0 after 2 attempt");
    }

    @Test
    void aDisagreeingReadBackIsResentAndFailsAfterMaxAttempts() {
        Command c = command(new WritePolicy(0.1, 0, Duration.ZERO, Optional.empty(), 2));
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        read(c, Verdict.MISMATCH, 26);
        assertThat(c.state()).isEqualTo(CommandState.ACKNOWLEDGED);
        assertThat(c.status().reason()).hasValue("read back 26.0, commanded 22.0");
        nanos += S;
        assertThat(send(c)).isEqualTo(22.0);
        answer(c, WriteOutcome.accepted());
        assertThat(read(c, Verdict.MISMATCH, 26)).contains("failed after 2 attempt");
        assertThat(c.state()).isEqualTo(CommandState.FAILED);
    }

    @Test
    void noConfirmingReadingWithinTheTimeoutCountsAsADisagreement() {
        Command c = command(new WritePolicy(0.1, 0, Duration.ZERO, Optional.empty(), 5));
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        nanos += 11 * S;
        read(c, Verdict.NO_READING, Double.NaN);
        assertThat(c.status().reason()).hasValue("no reading confirmed 22.0 within 10000 ms");
        nanos += S;
        assertThat(send(c)).isEqualTo(22.0);
    }

    @Test
    void aVerifiedCommandTheDeviceLostIsRecommandedAtOnce() {
        Command c = command(new WritePolicy(0.1, 0, Duration.ofSeconds(60), Optional.empty(), 3));
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        read(c, Verdict.MATCH, 22);
        assertThat(read(c, Verdict.MISMATCH, 0)).contains("device restarted or overridden");
        assertThat(c.state()).isEqualTo(CommandState.REQUESTED);
        assertThat(send(c)).as("no back-off and no minimum interval for the same value").isEqualTo(22.0);
        answer(c, WriteOutcome.accepted());
        read(c, Verdict.MATCH, 22);
        assertThat(c.state()).isEqualTo(CommandState.VERIFIED);
        assertThat(c.counters().reasserted()).isEqualTo(1);
        assertThat(c.counters().verified()).isEqualTo(2);
    }

    @Test
    void aCommandLostWhileANewerValueWaitsForTheMinimumIntervalSendsTheNewestAtOnce() {
        Command c = command(new WritePolicy(0.1, 0.1, Duration.ofSeconds(60), Optional.empty(), 3));
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        read(c, Verdict.MATCH, 22);
        nanos += 5 * S;
        c.want(21, WritePriority.COMFORT, "a", at());
        assertThat(send(c)).as("waits for the minimum interval").isNaN();
        assertThat(c.checkable()).isTrue();
        assertThat(read(c, Verdict.MISMATCH, 24)).contains("the newest value 21.0 goes out now");
        assertThat(send(c)).isEqualTo(21.0);
    }

    @Test
    void aDueResendCarriesTheNewestValueThroughTheMinimumInterval() {
        Command c = command(new WritePolicy(0.1, 0.1, Duration.ofSeconds(60), Optional.empty(), 3));
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        read(c, Verdict.MATCH, 22);
        read(c, Verdict.MISMATCH, 24); // device restarted: re-send due
        c.want(21, WritePriority.COMFORT, "a", at()); // and a newer value arrives before it went out
        assertThat(send(c)).isEqualTo(21.0);
    }

    @Test
    void aHeartbeatReassertsTheVerifiedValue() {
        Command c = command(new WritePolicy(1, 0, Duration.ZERO, Optional.of(Duration.ofSeconds(30)), 3));
        c.want(-50, WritePriority.BESS_PLAN, "bess", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        read(c, Verdict.MATCH, -50);
        nanos += 29 * S;
        assertThat(send(c)).isNaN();
        nanos += S;
        assertThat(send(c)).isEqualTo(-50.0);
        assertThat(c.counters().reasserted()).isEqualTo(1);
    }

    @Test
    void relinquishEndsTheCommandAndIgnoresLateAnswers() {
        Command c = command(WritePolicy.DEFAULT);
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        long oldSeq = c.seq();
        assertThat(c.relinquish(at())).isTrue();
        assertThat(c.relinquish(at())).as("once").isFalse();
        assertThat(c.outcome(oldSeq, WriteOutcome.accepted(), at(), nanos, RETRY)).isNull();
        assertThat(c.state()).isEqualTo(CommandState.RELINQUISHED);
        assertThat(c.status().value()).isEmpty();
        assertThat(send(c)).isNaN();
        c.want(23, WritePriority.COMFORT, "a", at());
        assertThat(send(c)).isEqualTo(23.0);
    }

    @Test
    void anAnswerToAnOlderSendDoesNotTouchTheNewerOne() {
        Command c = command(WritePolicy.DEFAULT);
        c.want(22, WritePriority.COMFORT, "a", at());
        send(c);
        long first = c.seq();
        c.want(23, WritePriority.COMFORT, "a", at());
        send(c);
        c.outcome(first, WriteOutcome.superseded(), at(), nanos, RETRY);
        assertThat(c.state()).isEqualTo(CommandState.SENT);
        answer(c, WriteOutcome.accepted());
        assertThat(c.state()).isEqualTo(CommandState.ACKNOWLEDGED);
        assertThat(c.commanded()).isEqualTo(23.0);
    }

    @Test
    void safeValuesBypassDeadbandAndMinimumInterval() {
        Command c = command(new WritePolicy(0.1, 1, Duration.ofSeconds(600), Optional.empty(), 3));
        c.want(24.5, WritePriority.COMFORT, "a", at());
        send(c);
        answer(c, WriteOutcome.accepted());
        c.force(24, WritePriority.SAFETY, "safe-state", at());
        assertThat(send(c)).isEqualTo(24.0);
        assertThat(c.status().priority()).isEqualTo(WritePriority.SAFETY);
    }

    @Test
    void retryBackOffDoublesUpToItsMaximum() {
        assertThat(RETRY.delayNanos(1)).isEqualTo(S);
        assertThat(RETRY.delayNanos(2)).isEqualTo(2 * S);
        assertThat(RETRY.delayNanos(4)).isEqualTo(8 * S);
        assertThat(RETRY.delayNanos(40)).isEqualTo(8 * S);
    }
}
