package org.thermalcommons.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;

class CycleEngineTest {
    private static final Duration BUDGET = Duration.ofMillis(500);
    private final Fakes.TestClock clock = new Fakes.TestClock();
    private final Fakes.Device device = new Fakes.Device("dev", clock);
    private CycleEngine engine;
    private PointId temp;
    private PointId setpoint;

    @BeforeEach
    void setUp() {
        engine = new CycleEngine(clock::nanos);
        engine.configure(Duration.ofSeconds(1), 3);
        engine.setClock(clock);
        temp = device.sensor("zone-1", "temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, 25.0, clock.now());
        setpoint = device.setpoint("zone-1", "cooling-setpoint", Limits.of(18, 30).withMaxRatePerSecond(0.5), 24);
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

    @Test
    void higherPriorityWinsAndTiesAreBrokenByOrigin() {
        engine.addController(Fakes.controller("comfort", WritePriority.COMFORT, BUDGET, c -> c.request(setpoint, 22)));
        engine.addController(Fakes.controller("market", WritePriority.MARKET_COMMITMENT, BUDGET, c -> c.request(setpoint, 26)));
        engine.addController(Fakes.controller("b-hint", WritePriority.OPTIMISATION, BUDGET, c -> c.request(setpoint, 20)));
        engine.addController(Fakes.controller("a-hint", WritePriority.OPTIMISATION, BUDGET, c -> c.request(setpoint, 21)));

        CycleReport r = step();

        assertThat(r.writes()).singleElement().satisfies(w -> {
            assertThat(w.origin()).isEqualTo("market");
            assertThat(w.priority()).isEqualTo(WritePriority.MARKET_COMMITMENT);
            assertThat(w.value()).isEqualTo(26.0);
        });
        assertThat(device.writes).extracting(w -> w.value()).containsExactly(26.0);
        assertThat(engine.commands.command(setpoint)).get().satisfies(c -> {
            assertThat(c.origin()).isEqualTo("market");
            assertThat(c.priority()).isEqualTo(WritePriority.MARKET_COMMITMENT);
        });
        assertThat(Arbiter.winner(List.of(
                new org.thermalcommons.edge.api.control.WriteRequest(setpoint, 1, WritePriority.COMFORT, "b"),
                new org.thermalcommons.edge.api.control.WriteRequest(setpoint, 2, WritePriority.COMFORT, "a"))).origin())
                .isEqualTo("a");
    }

    @Test
    void controllersRunInPriorityOrder() {
        List<String> order = new ArrayList<>();
        engine.addController(Fakes.controller("z-comfort", WritePriority.COMFORT, BUDGET, c -> order.add("z-comfort")));
        engine.addController(Fakes.controller("safety", WritePriority.SAFETY, BUDGET, c -> order.add("safety")));
        engine.addController(Fakes.controller("a-comfort", WritePriority.COMFORT, BUDGET, c -> order.add("a-comfort")));
        step();
        assertThat(order).containsExactly("safety", "a-comfort", "z-comfort");
    }

    @Test
    void writesAreClampedToLimitsAndRateAndSentOnlyWhenChanged() {
        double[] want = {40};
        engine.addController(Fakes.controller("c", WritePriority.COMFORT, BUDGET, c -> c.request(setpoint, want[0])));

        assertThat(step().writes()).singleElement().extracting(w -> w.value()).isEqualTo(30.0);
        want[0] = 20;
        // 1 s later with 0.5 °C/s: only half a degree down.
        assertThat(step().writes()).singleElement().extracting(w -> w.value()).isEqualTo(29.5);
        clock.advance(Duration.ofSeconds(100));
        assertThat(step().writes()).singleElement().extracting(w -> w.value()).isEqualTo(20.0);
        assertThat(step().writes()).as("unchanged value is not re-sent").isEmpty();
        assertThat(device.writes).extracting(w -> w.value()).containsExactly(30.0, 29.5, 20.0);
    }

    @Test
    void writesToUnknownOrReadOnlyPointsAreRejectedAndCounted() {
        engine.addController(Fakes.controller("c", WritePriority.COMFORT, BUDGET, c -> {
            c.request(temp, 20);
            c.request(PointId.of("nowhere", "x"), 1);
        }));
        assertThat(step().writes()).isEmpty();
        assertThat(engine.rejectedWrites()).isEqualTo(2);
        assertThat(device.writes).isEmpty();
    }

    @Test
    void throwingControllerIsSkippedThenIsolatedWhileOthersKeepRunning() {
        AtomicInteger goodRuns = new AtomicInteger();
        AtomicInteger badRuns = new AtomicInteger();
        engine.addController(Fakes.controller("bad", WritePriority.MARKET_COMMITMENT, BUDGET, c -> {
            badRuns.incrementAndGet();
            throw new IllegalStateException("boom");
        }));
        engine.addController(Fakes.controller("good", WritePriority.COMFORT, BUDGET, c -> {
            goodRuns.incrementAndGet();
            c.request(setpoint, 23);
        }));

        for (int i = 0; i < 6; i++) {
            step();
        }

        assertThat(badRuns).hasValue(3);
        assertThat(goodRuns).hasValue(6);
        var stats = engine.statistics();
        assertThat(stats.cycles()).isEqualTo(6);
        assertThat(stats.controllers().get("bad").isolated()).isTrue();
        assertThat(stats.controllers().get("bad").failures()).isEqualTo(3);
        assertThat(stats.controllers().get("good").runs()).isEqualTo(6);
        assertThat(device.writes).isNotEmpty();
        assertThat(engine.commands.command(setpoint)).get().satisfies(c -> {
            assertThat(c.origin()).isEqualTo("good");
            assertThat(c.priority()).isEqualTo(WritePriority.COMFORT);
            assertThat(c.value()).hasValue(23.0);
            assertThat(c.state()).isEqualTo(CommandState.VERIFIED);
        });
    }

    @Test
    void reconfiguredControllerRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        var bad = Fakes.controller("bad", WritePriority.COMFORT, BUDGET, c -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        engine.addController(bad);
        for (int i = 0; i < 5; i++) {
            step();
        }
        assertThat(runs).hasValue(3);
        engine.controllerModified(bad);
        step();
        assertThat(runs).hasValue(4);
    }

    @Test
    void overrunningControllerHasItsRequestsDiscarded() {
        engine.addController(Fakes.controller("slow", WritePriority.COMFORT, Duration.ofMillis(5), c -> {
            long end = System.nanoTime() + 30_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            c.request(setpoint, 22);
        }));
        CycleReport r = step();
        assertThat(r.writes()).isEmpty();
        assertThat(engine.statistics().controllers().get("slow").budgetOverruns()).isEqualTo(1);
    }

    @Test
    void hungControllerIsIsolatedAndTheCycleGoesOn() throws Exception {
        engine.configure(Duration.ofMillis(200), 3);
        CountDownLatch never = new CountDownLatch(1);
        engine.addController(Fakes.controller("hung", WritePriority.SAFETY, Duration.ofMillis(10), c -> never.await()));
        AtomicInteger good = new AtomicInteger();
        engine.addController(Fakes.controller("good", WritePriority.COMFORT, Duration.ofMillis(10), c -> good.incrementAndGet()));

        step();
        step();
        step();

        assertThat(engine.statistics().controllers().get("hung").isolated()).isTrue();
        assertThat(good.get()).as("the others run in every cycle, also the one the hung controller was abandoned in").isEqualTo(3);
    }

    @Test
    void releasedAndRemovedRequestsAreRelinquished() {
        boolean[] hold = {true};
        var c = Fakes.controller("c", WritePriority.COMFORT, BUDGET, ctx -> {
            if (hold[0]) {
                ctx.request(setpoint, 24);
            } else {
                ctx.release(setpoint);
            }
        });
        engine.addController(c);
        step();
        hold[0] = false;
        step();
        assertThat(device.relinquished).containsExactly(setpoint);

        hold[0] = true;
        step();
        engine.removeController(c);
        step();
        assertThat(device.relinquished).containsExactly(setpoint, setpoint);
    }

    @Test
    void requestsAreLatchedAcrossCycles() {
        AtomicInteger n = new AtomicInteger();
        engine.addController(Fakes.controller("once", WritePriority.COMFORT, BUDGET, ctx -> {
            if (n.getAndIncrement() == 0) {
                ctx.request(setpoint, 24);
            }
        }));
        step();
        step();
        step();
        assertThat(device.writes).hasSize(1);
        assertThat(device.relinquished).isEmpty();
    }

    @Test
    void oldValuesTurnStaleScaledByClockSpeed() {
        clock.advance(Duration.ofSeconds(11));
        assertThat(step().snapshot().value(temp)).get().extracting(v -> v.quality()).isEqualTo(Quality.STALE);

        clock.speed = 60;
        assertThat(step().snapshot().value(temp)).get().extracting(v -> v.quality()).isEqualTo(Quality.GOOD);
    }

    @Test
    void safeStateWritesSafeValuesAtSafetyPriorityAndVerifiesThem() {
        engine.addController(Fakes.controller("c", WritePriority.COMFORT, BUDGET, c -> c.request(setpoint, 21)));
        step();
        assertThat(engine.commands.command(setpoint)).get().extracting(c -> c.origin()).isEqualTo("c");

        SafeState.Result r = engine.safeState(Duration.ofSeconds(5));

        assertThat(r.written()).isEqualTo(1);
        assertThat(r.verified()).isEqualTo(1);
        assertThat(device.writes).extracting(w -> w.value()).containsExactly(21.0, 24.0);
        assertThat(engine.commands.command(setpoint)).get().satisfies(c -> {
            assertThat(c.priority()).isEqualTo(WritePriority.SAFETY);
            assertThat(c.origin()).isEqualTo("safe-state");
            assertThat(c.value()).hasValue(24.0);
            assertThat(c.state()).isEqualTo(CommandState.VERIFIED);
        });
    }

    @Test
    void safeStateWaitsNoLongerThanItsBoundWhenTheDeviceNeverConfirms() {
        device.echo = false;
        SafeState.Result r = engine.safeState(Duration.ofMillis(200));
        assertThat(r.written()).isEqualTo(1);
        assertThat(r.verified()).isZero();
        assertThat(r.took()).isLessThan(Duration.ofSeconds(2));
        assertThat(engine.commands.command(setpoint)).get().extracting(c -> c.state())
                .isEqualTo(CommandState.ACKNOWLEDGED);
    }

    @Test
    void failingSourceDoesNotStopTheCycle() {
        engine.addSource(new Fakes.Device("broken") {
            @Override
            public java.util.Map<PointId, org.thermalcommons.edge.api.point.PointValue> latestValues() {
                throw new IllegalStateException("device gone");
            }
        });
        assertThat(step().snapshot().value(temp)).isPresent();
    }
}
