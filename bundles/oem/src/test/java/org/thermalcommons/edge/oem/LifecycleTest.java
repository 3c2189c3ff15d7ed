package org.thermalcommons.edge.oem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thermalcommons.edge.api.oem.OemCommandState.ACKNOWLEDGED;
import static org.thermalcommons.edge.api.oem.OemCommandState.COMPLETED;
import static org.thermalcommons.edge.api.oem.OemCommandState.FAILED;
import static org.thermalcommons.edge.api.oem.OemCommandState.PENDING;
import static org.thermalcommons.edge.api.oem.OemCommandState.SENT;
import static org.thermalcommons.edge.api.oem.OemCommandState.VERIFIED;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemResult;
import org.thermalcommons.edge.api.oem.RateLimits;

class LifecycleTest {
    @TempDir
    Path dir;
    Harness h;

    @BeforeEach
    void open() throws Exception {
        h = new Harness(dir);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    void aCommandGoesFromPendingThroughSentAcknowledgedAndVerifiedToCompleted() {
        FakeAdapter a = h.adapter();
        OemCommand c = h.submit("c1", "eco");
        assertThat(c.state()).isEqualTo(PENDING);
        h.timer.runDue();
        assertThat(h.state("c1")).isEqualTo(ACKNOWLEDGED);
        assertThat(a.sends()).containsExactly(OemAction.of("eco"));
        h.timer.advance(4_999);
        assertThat(h.state("c1")).as("verified only after the adapter's verify delay").isEqualTo(ACKNOWLEDGED);
        h.timer.advance(1);
        assertThat(h.path("c1")).containsExactly(PENDING, SENT, ACKNOWLEDGED, VERIFIED, COMPLETED);
        assertThat(h.engine.find("c1").orElseThrow().attempts()).isEqualTo(1);
        assertThat(a.calls).hasSize(2);
    }

    @Test
    void aRefusedSendFailsWithTheDevicesReasonAndIsNotSentAgain() {
        FakeAdapter a = h.adapter();
        a.sendScript.add(OemResult.refused("HTTP 400 unknown mode"));
        h.submit("c1", "boost");
        h.timer.advance(600_000);
        assertThat(h.path("c1")).containsExactly(PENDING, SENT, FAILED);
        assertThat(h.engine.find("c1").orElseThrow().reason()).hasValueSatisfying(r -> assertThat(r)
                .contains("refused").contains("HTTP 400 unknown mode"));
        assertThat(a.sends()).hasSize(1);
    }

    @Test
    void aRetryIsSentAgainAfterTheBackOffAndThenCompletes() {
        FakeAdapter a = h.adapter();
        a.sendScript.add(OemResult.retry("HTTP 503"));
        h.submit("c1", "eco");
        h.timer.runDue();
        assertThat(h.state("c1")).isEqualTo(PENDING);
        assertThat(h.engine.find("c1").orElseThrow().reason().orElseThrow()).contains("HTTP 503");
        h.timer.advance(999);
        assertThat(a.sends()).as("not before the first back-off (1 s)").hasSize(1);
        h.timer.advance(1);
        assertThat(a.sends()).hasSize(2);
        h.timer.advance(5_000);
        assertThat(h.path("c1")).containsExactly(PENDING, SENT, PENDING, SENT, ACKNOWLEDGED, VERIFIED, COMPLETED);
        assertThat(h.engine.counters.retries.sum()).isEqualTo(1);
    }

    @Test
    void backOffDoublesAndHonoursTheVendorsRetryAfter() throws Exception {
        h.close();
        Settings s = Harness.SETTINGS;
        h = new Harness(dir, new Settings(s.maxAttempts(), s.maxAge(), s.retryMin(), s.retryMax(), s.jitter(), 10,
                s.breakerCoolDown(), s.maxCommands(), s.maxOpen()));
        FakeAdapter a = h.adapter();
        a.sendScript.add(OemResult.retry("timeout"));
        a.sendScript.add(OemResult.retryAfter("HTTP 429", Duration.ofSeconds(7)));
        a.sendScript.add(OemResult.retry("HTTP 500"));
        h.submit("c1", "eco");
        h.timer.advance(60_000);
        List<Long> t = a.sendTimes();
        assertThat(t).hasSize(4);
        assertThat(t.get(1) - t.get(0)).isEqualTo(1_000);
        assertThat(t.get(2) - t.get(1)).as("Retry-After 7 s beats the 2 s back-off").isEqualTo(7_000);
        assertThat(t.get(3) - t.get(2)).isEqualTo(4_000);
        assertThat(h.state("c1")).isEqualTo(COMPLETED);
    }

    @Test
    void aCommandOutOfAttemptsFailsWithTheLastReason() {
        FakeAdapter a = h.adapter();
        for (int i = 0; i < 10; i++) {
            a.sendScript.add(OemResult.retry("unreachable " + i));
        }
        h.submit("c1", "eco");
        h.timer.advance(600_000);
        assertThat(h.state("c1")).isEqualTo(FAILED);
        assertThat(a.sends()).hasSize(Harness.SETTINGS.maxAttempts());
        assertThat(h.engine.find("c1").orElseThrow().reason().orElseThrow()).contains("out of attempts (4)")
                .contains("unreachable 3");
    }

    @Test
    void anAdapterThatThrowsOrTimesOutIsRetried() {
        FakeAdapter a = h.adapter();
        a.sendScript.add(new IllegalStateException("socket closed"));
        h.submit("c1", "eco");
        h.timer.advance(60_000);
        assertThat(h.state("c1")).isEqualTo(COMPLETED);
        assertThat(h.changes.get(3).reason().orElseThrow()).contains("socket closed");
    }

    @Test
    void anUnsentCommandIsSupersededByANewerOneForTheSameDevice() {
        h.submit("c1", "eco"); // no adapter yet: it waits
        h.timer.runDue();
        h.submit("c2", "boost");
        assertThat(h.state("c1")).isEqualTo(FAILED);
        assertThat(h.engine.find("c1").orElseThrow().reason()).hasValue("superseded by c2");
        FakeAdapter a = h.adapter();
        h.timer.advance(10_000);
        assertThat(a.sends()).containsExactly(OemAction.of("boost"));
        assertThat(h.state("c2")).isEqualTo(COMPLETED);
    }

    @Test
    void anAcknowledgedCommandIsNotSupersededButFinishesFirst() {
        FakeAdapter a = h.adapter();
        h.submit("c1", "eco");
        h.timer.runDue();
        assertThat(h.state("c1")).isEqualTo(ACKNOWLEDGED);
        h.submit("c2", "boost");
        h.timer.advance(20_000);
        assertThat(h.state("c1")).isEqualTo(COMPLETED);
        assertThat(h.state("c2")).isEqualTo(COMPLETED);
        assertThat(a.sends()).containsExactly(OemAction.of("eco"), OemAction.of("boost"));
    }

    @Test
    void submittingAnIdAgainReturnsTheSameCommandAndSendsNothingMore() {
        FakeAdapter a = h.adapter();
        h.submit("c1", "eco");
        h.timer.advance(10_000);
        OemCommand again = h.engine.submit("c1", "heatpump", OemAction.of("boost"), "someone-else");
        assertThat(again.state()).isEqualTo(COMPLETED);
        assertThat(again.action()).isEqualTo(OemAction.of("eco"));
        h.timer.advance(10_000);
        assertThat(a.sends()).hasSize(1);
    }

    @Test
    void aVerbTheAdapterDoesNotDeclareIsRejectedAtSubmit() {
        h.adapter();
        assertThatThrownBy(() -> h.submit("c1", "defrost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not support action 'defrost'");
        assertThatThrownBy(() -> h.engine.submit(" ", "heatpump", OemAction.of("eco"), "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id must match");
        assertThatThrownBy(() -> h.engine.submit("x", "heat pump", OemAction.of("eco"), "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device id must match");
        assertThat(h.engine.find("c1")).isEmpty();
    }

    @Test
    void aFailedVerificationSendsAgainAndCompletesWhenTheDeviceHoldsIt() {
        FakeAdapter a = h.adapter();
        a.verifyScript.add(OemResult.retry("device still reports state 2"));
        h.submit("c1", "boost");
        h.timer.advance(60_000);
        assertThat(h.path("c1")).containsExactly(PENDING, SENT, ACKNOWLEDGED, PENDING, SENT, ACKNOWLEDGED, VERIFIED,
                COMPLETED);
        assertThat(a.sends()).hasSize(2);
    }

    @Test
    void theBreakerOpensAfterConsecutiveFailuresProbesAfterTheCoolDownAndCloses() {
        FakeAdapter a = h.adapter();
        for (int i = 0; i < 3; i++) {
            a.sendScript.add(OemResult.retry("HTTP 500"));
        }
        h.submit("c1", "eco");
        h.timer.advance(3_000); // sends at 0, 1 s, 3 s: three failures in a row
        assertThat(h.breakerChanges).containsExactly("heatpump CLOSED->OPEN");
        long opened = h.timer.nowMillis();
        h.timer.advance(29_999);
        assertThat(a.sends()).as("nothing goes out while the breaker is open").hasSize(3);
        h.timer.advance(1);
        assertThat(a.sendTimes().get(3)).isEqualTo(opened + 30_000);
        assertThat(h.breakerChanges).containsExactly("heatpump CLOSED->OPEN", "heatpump OPEN->HALF_OPEN",
                "heatpump HALF_OPEN->CLOSED");
        h.timer.advance(10_000);
        assertThat(h.state("c1")).isEqualTo(COMPLETED);
    }

    @Test
    void aFailedProbeOpensTheBreakerAgain() {
        FakeAdapter a = h.adapter();
        for (int i = 0; i < 4; i++) {
            a.sendScript.add(OemResult.retry("HTTP 500"));
        }
        h.submit("c1", "eco");
        h.timer.advance(33_000);
        assertThat(h.breakerChanges).containsExactly("heatpump CLOSED->OPEN", "heatpump OPEN->HALF_OPEN",
                "heatpump HALF_OPEN->OPEN");
        assertThat(h.engine.breakers()).containsEntry("heatpump", Breaker.State.OPEN);
        assertThat(h.state("c1")).as("four sends: out of attempts").isEqualTo(FAILED);
    }

    @Test
    void theRateLimitHoldsTheNextSendUntilItsWindowAllows() {
        FakeAdapter a = h.adapter();
        a.limits = new RateLimits(2, 0, 0); // two operations a minute: one send and one verify
        a.verifyDelay = Duration.ZERO;
        h.submit("c1", "eco");
        h.timer.runDue();
        assertThat(h.state("c1")).isEqualTo(COMPLETED);
        h.submit("c2", "boost");
        h.timer.advance(59_999);
        assertThat(h.state("c2")).isEqualTo(PENDING);
        assertThat(h.engine.counters.rateLimited.sum()).isPositive();
        h.timer.advance(1);
        assertThat(a.sendTimes()).hasSize(2);
        assertThat(a.sendTimes().get(1) - a.sendTimes().get(0)).isEqualTo(60_000);
    }

    @Test
    void aCommandOlderThanItsMaximumAgeFails() {
        h.submit("c1", "eco"); // no adapter ever comes
        h.timer.advance(Duration.ofMinutes(10).toMillis() + 1);
        h.adapter();
        h.timer.runDue();
        assertThat(h.state("c1")).isEqualTo(FAILED);
        assertThat(h.engine.find("c1").orElseThrow().reason().orElseThrow()).startsWith("expired");
    }

    @Test
    void aNewerAdapterForTheDeviceTakesOverAndTheOlderServesAgainWhenItLeaves() {
        FakeAdapter older = h.adapter();
        FakeAdapter newer = new FakeAdapter("heatpump", () -> h.timer.nowMillis());
        h.engine.bind(newer, 2);
        h.submit("c1", "eco");
        h.timer.advance(10_000);
        assertThat(newer.sends()).hasSize(1);
        assertThat(older.sends()).isEmpty();
        h.engine.unbind(newer);
        h.submit("c2", "boost");
        h.timer.advance(10_000);
        assertThat(older.sends()).containsExactly(OemAction.of("boost"));
        assertThat(h.engine.devices()).containsExactly("heatpump");
    }

    @Test
    void aRestartWithASentCommandSendsItAgainOnceAndCompletes() throws Exception {
        FakeAdapter a = h.adapter();
        a.sendScript.add(new Crash());
        h.submit("c1", "eco");
        assertThatThrownBy(() -> h.timer.runDue()).isInstanceOf(Crash.class);
        assertThat(h.state("c1")).isEqualTo(SENT);
        h.restart();
        FakeAdapter b = new FakeAdapter("heatpump", () -> h.timer.nowMillis(), a.calls);
        h.engine.bind(b, 2);
        h.timer.advance(10_000);
        assertThat(h.state("c1")).isEqualTo(COMPLETED);
        assertThat(a.sends()).hasSize(2);
        assertThat(h.engine.find("c1").orElseThrow().attempts()).isEqualTo(2);
        assertThat(h.engine.counters.resumed.sum()).isEqualTo(1);
    }

    @Test
    void aRestartWithAnAcknowledgedCommandVerifiesItWithoutSendingAgain() throws Exception {
        FakeAdapter a = h.adapter();
        h.submit("c1", "eco");
        h.timer.runDue();
        assertThat(h.state("c1")).isEqualTo(ACKNOWLEDGED);
        h.restart();
        FakeAdapter b = new FakeAdapter("heatpump", () -> h.timer.nowMillis(), a.calls);
        h.engine.bind(b, 2);
        h.timer.advance(4_999);
        assertThat(h.state("c1")).isEqualTo(ACKNOWLEDGED);
        h.timer.advance(1);
        assertThat(h.state("c1")).isEqualTo(COMPLETED);
        assertThat(a.sends()).hasSize(1);
    }

    @Test
    void aCompletedOrFailedCommandIsNeverSentAgainAfterARestart() throws Exception {
        FakeAdapter a = h.adapter();
        a.sendScript.add(OemResult.ok("ok"));
        a.sendScript.add(OemResult.refused("no"));
        h.submit("c1", "eco");
        h.timer.advance(10_000);
        h.submit("c2", "boost");
        h.timer.advance(10_000);
        h.restart();
        h.engine.bind(new FakeAdapter("heatpump", () -> h.timer.nowMillis(), a.calls), 2);
        h.timer.advance(60_000);
        assertThat(a.sends()).hasSize(2);
        assertThat(h.state("c1")).isEqualTo(COMPLETED);
        assertThat(h.state("c2")).isEqualTo(FAILED);
        assertThat(h.engine.countsByState()).containsEntry(COMPLETED, 1L).containsEntry(FAILED, 1L);
    }

    @Test
    void theLogKeepsAtMostMaxCommandsDroppingTheOldestFinished() throws Exception {
        h.adapter();
        for (int i = 0; i < 120; i++) {
            h.submit("c" + i, "eco");
            h.timer.advance(10_000);
        }
        assertThat(h.log.count()).isEqualTo(Harness.SETTINGS.maxCommands());
        assertThat(h.engine.find("c0")).isEmpty();
        assertThat(h.engine.find("c119").map(OemCommand::state)).isEqualTo(Optional.of(COMPLETED));
    }

    /** The process dies inside the call, after the device got the command and before the log heard back. */
    static final class Crash extends Error {
        Crash() {
            super("crash");
        }
    }
}
