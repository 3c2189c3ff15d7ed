package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.commissioning.PointTest;
import org.thermalcommons.edge.api.commissioning.TestRun;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

class PointTesterTest {
    static final PointId TEMP = PointId.parse("zone-1/temp");
    static final PointId SP = PointId.parse("zone-1/cooling-setpoint");
    final Instant t0 = Instant.parse("2026-12-02T01:00:00Z");
    final Map<PointId, CommandStatus> commands = new HashMap<>();
    final List<TestRun> finished = new ArrayList<>();
    final List<String> requests = new ArrayList<>();

    final CommandRegistry registry = new CommandRegistry() {
        @Override
        public List<CommandStatus> commands() {
            return List.copyOf(commands.values());
        }

        @Override
        public Optional<CommandStatus> command(PointId point) {
            return Optional.ofNullable(commands.get(point));
        }
    };

    PointSnapshot snapshot() {
        PointDefinition temp = PointDefinition.readOnly(TEMP, new Role("Zone_Air_Temperature_Sensor"), Unit.CELSIUS, Duration.ofMinutes(1));
        PointDefinition sp = PointDefinition.writable(SP, new Role("Zone_Air_Cooling_Temperature_Setpoint"), Unit.CELSIUS,
                Limits.of(18, 30), Duration.ofMinutes(1), OptionalDouble.of(24));
        return new PointSnapshot(t0, Map.of(TEMP, temp, SP, sp),
                Map.of(TEMP, PointValue.good(TEMP, 25.5, Unit.CELSIUS, t0), SP, PointValue.good(SP, 24, Unit.CELSIUS, t0)));
    }

    CycleContext context() {
        return new CycleContext() {
            public long cycle() { return 1; }
            public Instant now() { return t0; }
            public Duration period() { return Duration.ofSeconds(1); }
            public PointSnapshot snapshot() { return PointTesterTest.this.snapshot(); }
            public void request(PointId point, double value) { requests.add("request " + point + " " + value); }
            public void release(PointId point) { requests.add("release " + point); }
        };
    }

    void state(CommandState s, int second) {
        commands.put(SP, new CommandStatus(SP, s, OptionalDouble.of(27), WritePriority.MANUAL_OVERRIDE, PointTester.ID,
                t0.plusSeconds(second), 1, Optional.empty(), null));
    }

    @Test
    void readsEveryPointThenWritesTheWritableOneUntilVerifiedAndRelinquishesIt() {
        PointTester tester = new PointTester(Clock.fixed(t0, ZoneOffset.UTC), () -> Optional.of(registry), Duration.ofMinutes(3), finished::add);
        tester.observe(snapshot());
        TestRun run = tester.start("zone-1", "ines (installer)");
        assertThat(run.points()).extracting(PointTest::point).containsExactly("zone-1/cooling-setpoint", "zone-1/temp");
        assertThat(run.points().get(1).outcome()).isEqualTo("read");
        assertThat(run.points().get(1).value()).hasValue(25.5);

        tester.run(context());
        // The current value 24 is the midpoint of 18..30: the test value moves away from it, inside the limits.
        assertThat(requests).containsExactly("request zone-1/cooling-setpoint 27.0");
        for (CommandState s : List.of(CommandState.SENT, CommandState.ACKNOWLEDGED, CommandState.VERIFIED)) {
            state(s, s.ordinal());
            tester.observe(snapshot());
        }
        tester.run(context());
        assertThat(requests).last().isEqualTo("release zone-1/cooling-setpoint");
        state(CommandState.RELINQUISHED, 9);
        tester.observe(snapshot());

        assertThat(finished).hasSize(1);
        PointTest sp = finished.get(0).points().get(0);
        assertThat(sp.outcome()).isEqualTo("verified, relinquished");
        assertThat(sp.testValue()).hasValue(27);
        assertThat(sp.states()).extracting(s -> s.substring(0, s.indexOf('@')))
                .containsExactly("SENT", "ACKNOWLEDGED", "VERIFIED", "RELINQUISHED");
        assertThat(finished.get(0).by()).isEqualTo("ines (installer)");
        assertThat(finished.get(0).finished()).isPresent();
    }

    @Test
    void commandsStampedOnTheCoresClockCountWhenTheWallClockIsMonthsAhead() {
        // The demo's core runs on the simulated clock (March 2026 at 60x) while the tester's own clock is the wall's.
        PointTester tester = new PointTester(Clock.fixed(t0.plus(Duration.ofDays(270)), ZoneOffset.UTC), () -> Optional.of(registry),
                Duration.ofMinutes(3), finished::add);
        tester.observe(snapshot());
        tester.start("zone-1", "ines (installer)");
        tester.run(context());
        for (CommandState s : List.of(CommandState.SENT, CommandState.ACKNOWLEDGED, CommandState.VERIFIED)) {
            state(s, s.ordinal() + 1);
            tester.observe(snapshot());
        }
        tester.run(context());
        assertThat(requests).last().isEqualTo("release zone-1/cooling-setpoint");
        state(CommandState.RELINQUISHED, 9);
        tester.observe(snapshot());
        assertThat(finished).singleElement().satisfies(r -> assertThat(r.points().get(0).outcome()).isEqualTo("verified, relinquished"));
    }

    @Test
    void aFailedCommandFailsThatPointAndIsStillReleased() {
        PointTester tester = new PointTester(Clock.fixed(t0, ZoneOffset.UTC), () -> Optional.of(registry), Duration.ofMinutes(3), finished::add);
        tester.observe(snapshot());
        tester.start("zone-1", "ines");
        tester.run(context());
        commands.put(SP, new CommandStatus(SP, CommandState.FAILED, OptionalDouble.of(27), WritePriority.MANUAL_OVERRIDE,
                PointTester.ID, t0.plusSeconds(1), 5, Optional.of("write-access-denied"), null));
        tester.observe(snapshot());
        tester.run(context());
        assertThat(requests).last().isEqualTo("release zone-1/cooling-setpoint");
        state(CommandState.RELINQUISHED, 2);
        tester.observe(snapshot());
        assertThat(finished.get(0).points().get(0).outcome()).isEqualTo("failed: write-access-denied, relinquished");
    }

    @Test
    void refusesAnUnknownDeviceAndASecondRunOfTheSameDevice() {
        PointTester tester = new PointTester(Clock.fixed(t0, ZoneOffset.UTC), () -> Optional.of(registry), Duration.ofMinutes(3), finished::add);
        assertThatThrownBy(() -> tester.start("zone-1", "ines")).hasMessageStartingWith("device: no cycle");
        tester.observe(snapshot());
        assertThatThrownBy(() -> tester.start("zone-9", "ines")).hasMessageContaining("not a configured device");
        tester.start("zone-1", "ines");
        assertThatThrownBy(() -> tester.start("zone-1", "ines")).hasMessageContaining("already running");
    }
}
