package org.thermalcommons.edge.oem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.thermalcommons.edge.api.oem.OemCommandState.ACKNOWLEDGED;
import static org.thermalcommons.edge.api.oem.OemCommandState.COMPLETED;
import static org.thermalcommons.edge.api.oem.OemCommandState.FAILED;
import static org.thermalcommons.edge.api.oem.OemCommandState.SENT;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.oem.OemResult;

/** Restarts of the oem bundle (or the gateway) with commands in every state of the log. */
class RestartTest {
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

    /** The process dies inside the call, after the device got the command and before the log heard back. */
    static final class Crash extends Error {
        Crash() {
            super("crash");
        }
    }
}
