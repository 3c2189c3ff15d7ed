package org.thermalcommons.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.point.WritePolicy;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

/** The command layer through the cycle: what reaches the device, what is verified, re-sent, audited. */
class CommandLayerTest {
    private static final Duration BUDGET = Duration.ofMillis(500);
    private static final WritePolicy ZONE = new WritePolicy(0.1, 0.1, Duration.ofSeconds(60), Optional.empty(), 3);
    private final Fakes.TestClock clock = new Fakes.TestClock();
    private final Fakes.Device device = new Fakes.Device("dev", clock);
    private final List<AuditEvent> audited = new ArrayList<>();
    private CycleEngine engine;
    private PointId sp1;
    private PointId sp2;

    @BeforeEach
    void setUp() {
        engine = new CycleEngine(clock::nanos);
        engine.configure(Duration.ofSeconds(1), 3);
        engine.setClock(clock);
        engine.setAudit(new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                audited.add(event);
            }

            @Override
            public List<AuditEvent> since(Instant since, int limit) {
                return audited;
            }
        });
        sp1 = device.setpoint("zone-1", "cooling-setpoint", Limits.of(18, 30), 24, ZONE);
        sp2 = device.setpoint("zone-2", "cooling-setpoint", Limits.of(18, 30), 24, ZONE);
        engine.addSource(device);
        engine.addSink(device);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private void step() {
        engine.runCycle(Duration.ZERO);
        clock.advance(Duration.ofSeconds(1));
    }

    private CommandState state(PointId p) {
        return engine.commands.command(p).orElseThrow().state();
    }

    @Test
    void aThermostatCreepingBy0004DegreesPerCycleWritesOncePerDeadbandAndMinimumInterval() {
        double[] sp = {24.0};
        engine.addController(Fakes.controller("thermostat", WritePriority.COMFORT, BUDGET, c -> {
            sp[0] -= 0.004;
            c.request(sp1, sp[0]);
        }));
        for (int i = 0; i < 600; i++) {
            step();
        }
        // 600 cycles, 2.4 °C of creep: at most one write per 60 s (10 in 600 s), never one per cycle.
        assertThat(device.writes).hasSizeBetween(9, 11);
        for (int i = 1; i < device.writes.size(); i++) {
            assertThat(Math.abs(device.writes.get(i).value() - device.writes.get(i - 1).value())).isGreaterThanOrEqualTo(0.1);
        }
        assertThat(audited).as("the ordinary path is not audited").isEmpty();
    }

    @Test
    void aRefusedWriteFailsThatPointOnlyAndTheOthersAreVerified() {
        device.answer = (p, v) -> p.equals(sp1) ? WriteOutcome.refused("value-out-of-range") : WriteOutcome.accepted();
        engine.addController(Fakes.controller("c", WritePriority.COMFORT, BUDGET, c -> {
            c.request(sp1, 22);
            c.request(sp2, 23);
        }));
        for (int i = 0; i < 10; i++) {
            step();
        }
        assertThat(state(sp1)).isEqualTo(CommandState.FAILED);
        assertThat(engine.commands.command(sp1).orElseThrow().reason()).hasValue("refused: value-out-of-range");
        assertThat(engine.commands.command(sp1).orElseThrow().counters().refused()).isEqualTo(3);
        assertThat(state(sp2)).isEqualTo(CommandState.VERIFIED);
        assertThat(engine.commands.totals().failed()).isEqualTo(1);
        assertThat(audited).extracting(AuditEvent::subject).containsOnly(sp1.toString());
        assertThat(audited).extracting(AuditEvent::category).containsOnly("command");
        assertThat(audited.get(audited.size() - 1).message()).contains("failed after 3 attempt");
    }

    @Test
    void aRestartedDeviceIsRecommandedAndVerifiedOnTheNextReading() {
        engine.addController(Fakes.controller("c", WritePriority.COMFORT, BUDGET, c -> c.request(sp1, 22)));
        step();
        step();
        assertThat(state(sp1)).isEqualTo(CommandState.VERIFIED);

        device.reads(sp1, 26.0); // restarted: back at its own default
        step();
        assertThat(device.writes).extracting(w -> w.value()).containsExactly(22.0, 22.0);
        step();
        assertThat(state(sp1)).isEqualTo(CommandState.VERIFIED);
        assertThat(engine.commands.command(sp1).orElseThrow().counters().reasserted()).isEqualTo(1);
        assertThat(audited).extracting(AuditEvent::message)
                .anySatisfy(m -> assertThat(m).contains("device restarted or overridden"))
                .anySatisfy(m -> assertThat(m).contains("verified at 22.0"));
    }

    @Test
    void answersArrivingOnADriverThreadAreAppliedByTheCycle() throws Exception {
        ExecutorService driver = Executors.newSingleThreadExecutor();
        try {
            Fakes.Device async = new Fakes.Device("async", clock) {
                @Override
                public void write(PointId point, double value, java.util.function.Consumer<WriteOutcome> done) {
                    driver.execute(() -> super.write(point, value, done));
                }
            };
            PointId p = async.setpoint("zone-3", "cooling-setpoint", Limits.of(18, 30), 24, ZONE);
            engine.addSource(async);
            engine.addSink(async);
            engine.addController(Fakes.controller("c", WritePriority.COMFORT, BUDGET, c -> c.request(p, 21)));
            step();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (state(p) != CommandState.VERIFIED && System.nanoTime() < deadline) {
                step();
            }
            assertThat(state(p)).isEqualTo(CommandState.VERIFIED);
            assertThat(async.writes).extracting(w -> w.value()).containsExactly(21.0);
        } finally {
            driver.shutdownNow();
        }
    }

    @Test
    void aReleasedPointIsRelinquishedOnceAndReportedSo() {
        boolean[] hold = {true};
        engine.addController(Fakes.controller("c", WritePriority.COMFORT, BUDGET, ctx -> {
            if (hold[0]) {
                ctx.request(sp1, 22);
            } else {
                ctx.release(sp1);
            }
        }));
        step();
        hold[0] = false;
        step();
        step();
        assertThat(device.relinquished).containsExactly(sp1);
        assertThat(state(sp1)).isEqualTo(CommandState.RELINQUISHED);
        assertThat(engine.commands.command(sp1).orElseThrow().value()).isEmpty();
    }

    @Test
    void metricsAndHealthReportTheCommands() {
        device.answer = (p, v) -> WriteOutcome.refused("nope");
        engine.addController(Fakes.controller("c", WritePriority.COMFORT, BUDGET, c -> c.request(sp1, 22)));
        for (int i = 0; i < 10; i++) {
            step();
        }
        List<String> seen = new ArrayList<>();
        CycleMetrics.collect(engine, new org.thermalcommons.edge.api.metrics.MetricsCollector() {
            @Override
            public void counter(String name, String help, java.util.Map<String, String> labels, double value) {
                seen.add(name + labels + "=" + value);
            }

            @Override
            public void gauge(String name, String help, java.util.Map<String, String> labels, double value) {
                seen.add(name + labels + "=" + value);
            }
        });
        assertThat(seen).contains("cool_edge_command_refused_total{point=zone-1/cooling-setpoint}=3.0",
                "cool_edge_command_failed_total{point=zone-1/cooling-setpoint}=1.0", "cool_edge_commands{state=failed}=1.0",
                "cool_edge_cycles_total{}=10.0");
        assertThat(CycleHealth.of(engine, true).status()).isEqualTo(org.thermalcommons.edge.api.health.Health.Status.DEGRADED);
        assertThat(CycleHealth.of(engine, false).status()).isEqualTo(org.thermalcommons.edge.api.health.Health.Status.DOWN);
    }
}
