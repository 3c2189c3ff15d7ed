package org.thermalcommons.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

/** Controllers cannot stop the cycle: capped budgets, interrupted runs, runaway bundles stopped; atomic swaps. */
class BoundedControllersTest {
    private final Fakes.TestClock clock = new Fakes.TestClock();
    private final Fakes.Device device = new Fakes.Device("dev", clock);
    private final List<AuditEvent> audited = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Long> stopped = new ArrayList<>();
    private CycleEngine engine;
    private PointId setpoint;

    @BeforeEach
    void setUp() {
        engine = new CycleEngine(clock::nanos);
        // 1 s period (a 700 ms controller window), budgets capped at 20 ms, a runaway gets 300 ms after its interrupt.
        engine.configure(Duration.ofMillis(1000), 3, Duration.ofMillis(20), Duration.ofMillis(300), RetryTiming.DEFAULT);
        engine.setClock(clock);
        engine.setBundleStopper(id -> {
            stopped.add(id);
            return "its bundle " + id + " was stopped";
        });
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
        setpoint = device.setpoint("zone-1", "cooling-setpoint", Limits.of(18, 30), 24);
        engine.addSource(device);
        engine.addSink(device);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private long timedCycle() {
        long t0 = System.nanoTime();
        engine.runCycle(Duration.ZERO);
        clock.advance(Duration.ofMillis(100));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aDeclaredTwoMinuteBudgetIsCappedSoASleepingControllerCannotStopTheCycle() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        engine.addController(Fakes.controller("greedy", WritePriority.COMFORT, Duration.ofMinutes(2), c -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }));
        AtomicInteger good = new AtomicInteger();
        engine.addController(Fakes.controller("good", WritePriority.OPTIMISATION, Duration.ofMillis(50), c -> good.incrementAndGet()));

        long ms = timedCycle();

        assertThat(ms).as("one cycle waits at most twice the capped budget per controller").isLessThan(1_000);
        assertThat(good).hasValue(1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!interrupted.get() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(interrupted).as("the abandoned run was interrupted").isTrue();
        assertThat(engine.statistics().controllers().get("greedy").budgetOverruns()).isEqualTo(1);
        assertThat(stopped).as("it honoured the interrupt: its bundle stays").isEmpty();
    }

    @Test
    void aRunawayIgnoringItsInterruptIsIsolatedItsBundleStoppedAuditedAndItsCpuReported() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        engine.addController(Fakes.controller("spinner", WritePriority.COMFORT, Duration.ofMillis(10), c -> {
            while (!stop.get()) {
                Thread.onSpinWait(); // ignores interrupts
            }
        }), Map.of("service.bundleid", 42L));
        AtomicInteger good = new AtomicInteger();
        engine.addController(Fakes.controller("good", WritePriority.OPTIMISATION, Duration.ofMillis(20), c -> good.incrementAndGet()));
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            int cycles = 0;
            while (stopped.isEmpty() && System.nanoTime() < deadline) {
                assertThat(timedCycle()).as("no cycle waits for the runaway").isLessThan(1_000);
                cycles++;
                Thread.sleep(20);
            }
            assertThat(stopped).containsExactly(42L);
            // Every cycle ran the good controller or, when this loaded machine did not give it a core within its
            // budget, counted that overrun for it alone: the runaway never held it up.
            long goodOverruns = engine.statistics().controllers().get("good").budgetOverruns();
            assertThat(good.get() + goodOverruns).as("good runs + good overruns").isGreaterThanOrEqualTo(cycles);
            assertThat(good.get()).as("good runs").isPositive();
            assertThat(engine.statistics().controllers().get("spinner").isolated()).isTrue();
            assertThat(audited).extracting(AuditEvent::message)
                    .anySatisfy(m -> assertThat(m).contains("kept running").contains("its bundle 42 was stopped"));
            timedCycle();
            assertThat(engine.runawayCpuNanos().get("spinner")).as("CPU burnt by the runaway").isPositive();
        } finally {
            stop.set(true);
        }
    }

    @Test
    void aHotSwapWithTheSameIdKeepsTheRequestsAndNeverRunsACycleWithoutControllers() {
        var v1 = Fakes.controller("thermostat", WritePriority.COMFORT, Duration.ofMillis(50), c -> c.request(setpoint, 22));
        AtomicInteger v2runs = new AtomicInteger();
        var v2 = Fakes.controller("thermostat", WritePriority.COMFORT, Duration.ofMillis(50), c -> {
            v2runs.incrementAndGet();
            c.request(setpoint, 22);
        });
        engine.addController(v1);
        timedCycle();
        timedCycle();
        // Greedy rebind: the new one is bound before the old one goes.
        engine.addController(v2);
        engine.removeController(v1);
        timedCycle();
        timedCycle();
        assertThat(v2runs).hasValue(2);
        assertThat(device.relinquished).as("the live controller's request was never released").isEmpty();
        assertThat(device.writes).hasSize(1);
        assertThat(engine.commands.command(setpoint).orElseThrow().state()).isEqualTo(CommandState.VERIFIED);
    }

    @Test
    void controllersTheCycleHasNoTimeLeftForAreDeferredNotFailed() {
        AtomicInteger late = new AtomicInteger();
        // A 100 ms period: budgets capped at 20 ms, waited for at most 40 ms; three slow ones use up the 70 ms window.
        engine.configure(Duration.ofMillis(100), 3, Duration.ofMillis(20), Duration.ofMillis(300), RetryTiming.DEFAULT);
        for (String id : List.of("slow-a", "slow-b", "slow-c")) {
            engine.addController(Fakes.controller(id, WritePriority.SAFETY, Duration.ofMillis(20), c -> Thread.sleep(30)));
        }
        engine.addController(Fakes.controller("last", WritePriority.OPTIMISATION, Duration.ofMillis(20), c -> late.incrementAndGet()));
        long ms = timedCycle();
        assertThat(ms).as("the cycle keeps to its controller window (70 ms, with slack for a loaded machine)")
                .isLessThan(250);
        assertThat(engine.deferredRuns()).isPositive();
        assertThat(engine.statistics().controllers().get("last").failures()).isZero();
    }

    @Test
    void anUpdatedBundlesControllerTakesOverItsPredecessorsCommandsWithinTheSwapGrace() {
        engine.configure(Duration.ofMillis(100), 3, Duration.ofMillis(20), Duration.ofMillis(300), RetryTiming.DEFAULT,
                Duration.ofSeconds(1));
        var v1 = Fakes.controller("thermostat", WritePriority.COMFORT, Duration.ofMillis(50), c -> c.request(setpoint, 22));
        var v2 = Fakes.controller("thermostat", WritePriority.COMFORT, Duration.ofMillis(50), c -> c.request(setpoint, 22));
        engine.addController(v1);
        timedCycle();
        // A bundle update: the old service goes, cycles run without it, then the new one comes.
        engine.removeController(v1);
        for (int i = 0; i < 5; i++) {
            timedCycle();
        }
        engine.addController(v2);
        timedCycle();
        assertThat(device.relinquished).isEmpty();
        assertThat(device.writes).hasSize(1);

        // Removed for good: released once the grace is over.
        engine.removeController(v2);
        for (int i = 0; i < 9; i++) {
            timedCycle();
        }
        assertThat(device.relinquished).isEmpty();
        timedCycle();
        timedCycle();
        assertThat(device.relinquished).containsExactly(setpoint);
    }

    @Test
    void elapsedIsClockTimeSinceTheControllersLastRun() {
        List<Duration> seen = new ArrayList<>();
        engine.addController(Fakes.controller("c", WritePriority.COMFORT, Duration.ofMillis(50), c -> seen.add(c.elapsed())));
        clock.speed = 60;
        engine.runCycle(Duration.ZERO);
        clock.advance(Duration.ofSeconds(6));
        engine.runCycle(Duration.ZERO);
        assertThat(seen).containsExactly(Duration.ZERO, Duration.ofSeconds(6));
    }
}
