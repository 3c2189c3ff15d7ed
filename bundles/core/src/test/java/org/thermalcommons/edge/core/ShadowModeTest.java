package org.thermalcommons.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

class ShadowModeTest {
    private static final Duration BUDGET = Duration.ofMillis(500);
    private static final Duration REPORT = Duration.ofSeconds(10);
    private final Fakes.TestClock clock = new Fakes.TestClock();
    private final Fakes.Device device = new Fakes.Device("dev", clock);
    private final List<AuditEvent> audits = new CopyOnWriteArrayList<>();
    private CycleEngine engine;
    private PointId setpoint;
    private PointId other;

    @BeforeEach
    void setUp() {
        engine = new CycleEngine(clock::nanos);
        engine.configure(Duration.ofSeconds(1), 3);
        engine.setClock(clock);
        engine.setAudit(new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                audits.add(event);
            }

            @Override
            public List<AuditEvent> since(java.time.Instant since, int limit) {
                return List.copyOf(audits);
            }
        });
        device.sensor("zone-1", "temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, 25.0, clock.now());
        setpoint = device.setpoint("zone-1", "cooling-setpoint", Limits.of(18, 30), 24);
        other = device.setpoint("zone-2", "cooling-setpoint", Limits.of(18, 30), 24);
        engine.addSource(device);
        engine.addSink(device);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private CycleReport step() {
        CycleReport r = engine.runCycle(Duration.ZERO);
        clock.advance(Duration.ofSeconds(1));
        return r;
    }

    private List<AuditEvent> shadowAudits() {
        return audits.stream().filter(a -> a.category().equals("shadow")).toList();
    }

    @Test
    void aShadowControllerRunsEveryCycleButItsRequestsNeverReachTheDevice() {
        AtomicInteger shadowRuns = new AtomicInteger();
        engine.configureShadow(Set.of("candidate"), REPORT);
        engine.addController(Fakes.controller("candidate", WritePriority.SAFETY, BUDGET, c -> {
            shadowRuns.incrementAndGet();
            c.request(setpoint, 19);
            c.request(other, 20);
        }));
        engine.addController(Fakes.controller("comfort", WritePriority.COMFORT, BUDGET, c -> c.request(setpoint, 22)));
        for (int i = 0; i < 5; i++) {
            step();
        }
        assertThat(shadowRuns.get()).isEqualTo(5);
        assertThat(device.writes).extracting(w -> w.point() + "=" + w.value()).containsExactly(setpoint + "=22.0");
        assertThat(engine.commands.command(setpoint)).get().satisfies(c -> assertThat(c.origin()).isEqualTo("comfort"));
        assertThat(engine.commands.command(other)).isEmpty();
    }

    @Test
    void itsRequestsAreComparedWithTheActiveOnesAndReportedOncePerIntervalInTheAuditAndTheMetrics() {
        engine.configureShadow(Set.of("candidate"), REPORT);
        engine.addController(Fakes.controller("candidate", WritePriority.COMFORT, BUDGET, c -> {
            c.request(setpoint, 21);
            c.request(other, 20);
        }));
        engine.addController(Fakes.controller("comfort", WritePriority.COMFORT, BUDGET, c -> c.request(setpoint, 22)));
        for (int i = 0; i < 25; i++) {
            step();
        }
        // Two intervals of 10 s closed (the clock starts on a boundary), each: 10 cycles × 2 points, all differ.
        assertThat(shadowAudits()).filteredOn(a -> a.message().startsWith("Shadow controller")).hasSize(2).allSatisfy(a -> {
            assertThat(a.subject()).isEqualTo("candidate");
            assertThat(a.message()).contains("20 requests on 2 points").contains("20 differ")
                    .contains("10 where no active controller requests the point").contains("largest difference 1.0 on "
                            + setpoint).endsWith("none applied");
        });
        ShadowRecorder.Totals t = engine.shadowTotals().get("candidate");
        assertThat(t.comparisons()).isEqualTo(50);
        assertThat(t.differences()).isEqualTo(50);
        List<String> metrics = new CopyOnWriteArrayList<>();
        CycleMetrics.collect(engine, new org.thermalcommons.edge.api.metrics.MetricsCollector() {
            @Override
            public void counter(String name, String help, java.util.Map<String, String> labels, double value) {
                metrics.add(name + labels + "=" + value);
            }

            @Override
            public void gauge(String name, String help, java.util.Map<String, String> labels, double value) {
                metrics.add(name + labels + "=" + value);
            }
        });
        assertThat(metrics).contains("cool_edge_controller_shadow{controller=candidate}=1.0",
                "cool_edge_shadow_comparisons_total{controller=candidate}=50.0",
                "cool_edge_shadow_differences_total{controller=candidate}=50.0");
    }

    @Test
    void requestsThatAgreeAreNotCountedAsDifferences() {
        engine.configureShadow(Set.of("candidate"), REPORT);
        engine.addController(Fakes.controller("candidate", WritePriority.COMFORT, BUDGET, c -> c.request(setpoint, 22)));
        engine.addController(Fakes.controller("comfort", WritePriority.COMFORT, BUDGET, c -> c.request(setpoint, 22)));
        for (int i = 0; i < 5; i++) {
            step();
        }
        assertThat(engine.shadowTotals().get("candidate").differences()).isZero();
        assertThat(engine.shadowTotals().get("candidate").comparisons()).isEqualTo(5);
    }

    @Test
    void promotionIsAConfigurationChangeThatAppliesTheLatchedRequestsAndDemotionWithdrawsThem() {
        AtomicInteger runs = new AtomicInteger();
        engine.configureShadow(Set.of("candidate"), REPORT);
        // Requests once, on its first run only: promotion must hand over the latched request.
        engine.addController(Fakes.controller("candidate", WritePriority.COMFORT, BUDGET, c -> {
            if (runs.getAndIncrement() == 0) {
                c.request(setpoint, 21);
            }
        }));
        step();
        step();
        assertThat(device.writes).isEmpty();

        engine.configureShadow(Set.of(), REPORT);
        step();
        assertThat(device.writes).extracting(w -> w.value()).containsExactly(21.0);
        assertThat(engine.commands.command(setpoint)).get().satisfies(c -> assertThat(c.origin()).isEqualTo("candidate"));
        assertThat(shadowAudits()).extracting(AuditEvent::message).anySatisfy(m -> assertThat(m).contains("promoted"));

        engine.configureShadow(Set.of("candidate"), REPORT);
        step();
        assertThat(device.relinquished).containsExactly(setpoint);
        assertThat(shadowAudits()).extracting(AuditEvent::message).anySatisfy(m -> assertThat(m).contains("runs in shadow"));
    }
}
