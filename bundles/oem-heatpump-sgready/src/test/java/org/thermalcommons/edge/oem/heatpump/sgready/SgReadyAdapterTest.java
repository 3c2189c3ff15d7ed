package org.thermalcommons.edge.oem.heatpump.sgready;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemResult;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

class SgReadyAdapterTest {
    static final PointId SG = PointId.of("heatpump", "sg-ready-state");
    static final PointId DHW = PointId.of("heatpump", "dhw-setpoint");
    static final Instant T = Instant.parse("2026-03-02T06:00:00Z");

    final Map<PointId, PointDefinition> defs = new HashMap<>();
    final Map<PointId, CommandStatus> core = new HashMap<>();
    /** What the controller requested, in order, per cycle run. */
    final Map<PointId, Double> requests = new LinkedHashMap<>();
    /** The core's answer to a request from the adapter's controller. */
    CommandState coreAnswer = CommandState.ACKNOWLEDGED;
    SgReadyAdapter a;

    @BeforeEach
    void setUp() {
        defs.put(SG, PointDefinition.writable(SG, Role.HEAT_PUMP_OPERATING_STATE, Unit.STATE, Limits.of(1, 4),
                Duration.ofSeconds(30), OptionalDouble.of(2)));
        a = new SgReadyAdapter();
        a.registry = new CommandRegistry() {
            @Override
            public List<CommandStatus> commands() {
                return List.copyOf(core.values());
            }

            @Override
            public Optional<CommandStatus> command(PointId point) {
                return Optional.ofNullable(core.get(point));
            }
        };
        a.activate(config(Map.of()));
        // One cycle per wait: the controller runs, the core takes its requests, then the condition is checked.
        a.waiter((condition, timeout) -> {
            cycle();
            return condition.getAsBoolean();
        });
    }

    void cycle() {
        a.run(new CycleContext() {
            @Override
            public long cycle() {
                return 1;
            }

            @Override
            public Instant now() {
                return T;
            }

            @Override
            public Duration period() {
                return Duration.ofSeconds(1);
            }

            @Override
            public PointSnapshot snapshot() {
                return new PointSnapshot(T, defs, Map.of(SG, PointValue.good(SG, 2, Unit.STATE, T)));
            }

            @Override
            public void request(PointId point, double value) {
                requests.put(point, value);
                core.put(point, status(point, value, a.id(), coreAnswer));
            }

            @Override
            public void release(PointId point) {
                throw new AssertionError("the adapter never releases");
            }
        });
    }

    static CommandStatus status(PointId p, double v, String origin, CommandState s) {
        return new CommandStatus(p, s, OptionalDouble.of(v), WritePriority.COMFORT, origin, T, 1, Optional.empty(), null);
    }

    @Test
    void boostRequestsSgReadyState3ThroughTheCoreAndIsAcknowledgedWhenTheCoreIs() throws Exception {
        cycle();
        OemResult r = a.send(OemAction.of("boost"));
        assertThat(r.outcome()).isEqualTo(OemResult.Outcome.OK);
        assertThat(requests).containsExactly(Map.entry(SG, 3.0));
        assertThat(a.priority()).isEqualTo(WritePriority.COMFORT);
        assertThat(a.id()).isEqualTo("oem-sgready-heatpump");
    }

    @Test
    void theShippedMappingIsBoost3Normal2Eco1Off1() throws Exception {
        cycle();
        for (Map.Entry<String, Double> e : Map.of("boost", 3.0, "normal", 2.0, "eco", 1.0, "off", 1.0).entrySet()) {
            assertThat(a.send(OemAction.of(e.getKey())).outcome()).isEqualTo(OemResult.Outcome.OK);
            assertThat(core.get(SG).value().getAsDouble()).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void verifyIsOkOnlyOnceTheCoreVerifiedTheReadBack() throws Exception {
        cycle();
        a.send(OemAction.of("eco"));
        assertThat(a.verify(OemAction.of("eco")).outcome()).isEqualTo(OemResult.Outcome.RETRY);
        core.put(SG, status(SG, 1, a.id(), CommandState.VERIFIED));
        assertThat(a.verify(OemAction.of("eco")).outcome()).isEqualTo(OemResult.Outcome.OK);
        assertThat(a.verify(OemAction.of("boost")).outcome()).as("verified is for the value asked")
                .isEqualTo(OemResult.Outcome.RETRY);
    }

    @Test
    void aHigherPriorityHolderOfThePointMakesSendRetryNamingIt() throws Exception {
        cycle();
        a.waiter((c, t) -> {
            cycle();
            core.put(SG, new CommandStatus(SG, CommandState.VERIFIED, OptionalDouble.of(2), WritePriority.MANUAL_OVERRIDE,
                    "console:alice", T, 1, Optional.empty(), null));
            return c.getAsBoolean();
        });
        OemResult r = a.send(OemAction.of("boost"));
        assertThat(r.outcome()).isEqualTo(OemResult.Outcome.RETRY);
        assertThat(r.detail()).contains("held by console:alice at MANUAL_OVERRIDE = 2");
    }

    @Test
    void aRefusalAtTheCoreIsNotAnAcknowledgement() throws Exception {
        coreAnswer = CommandState.REFUSED;
        cycle();
        OemResult r = a.send(OemAction.of("boost"));
        assertThat(r.outcome()).isEqualTo(OemResult.Outcome.RETRY);
        assertThat(r.detail()).contains("REFUSED");
    }

    @Test
    void sendingTheSameActionAgainRequestsNothingNew() throws Exception {
        cycle();
        a.send(OemAction.of("boost"));
        requests.clear();
        assertThat(a.send(OemAction.of("boost")).outcome()).isEqualTo(OemResult.Outcome.OK);
        assertThat(requests).isEmpty();
    }

    @Test
    void aSetpointIsRefusedWhenTheDeviceHasNoSetpointPointAndRequestedWhenItHasOne() throws Exception {
        cycle();
        OemAction hot = new OemAction("boost", Map.of("dhwSetpointCelsius", 58.0));
        OemResult r = a.send(hot);
        assertThat(r.outcome()).isEqualTo(OemResult.Outcome.REFUSED);
        assertThat(r.detail()).contains("Domestic_Hot_Water_Temperature_Setpoint");
        defs.put(DHW, PointDefinition.writable(DHW, SgReadyAdapter.DHW_SETPOINT, Unit.CELSIUS, Limits.of(40, 65),
                Duration.ofSeconds(30), OptionalDouble.empty()));
        cycle();
        assertThat(a.send(hot).outcome()).isEqualTo(OemResult.Outcome.OK);
        assertThat(requests).containsEntry(SG, 3.0).containsEntry(DHW, 58.0);
    }

    @Test
    void beforeTheFirstCycleOrWithoutTheRoleSendIsRetried() throws Exception {
        assertThat(a.send(OemAction.of("boost")).detail()).contains("has not run a cycle");
        defs.clear();
        cycle();
        assertThat(a.send(OemAction.of("boost")).detail()).contains("no writable point with role Heat_Pump_SG_Ready_State");
    }

    static SgReadyAdapter.Config config(Map<String, Object> over) {
        return (SgReadyAdapter.Config) java.lang.reflect.Proxy.newProxyInstance(SgReadyAdapter.Config.class.getClassLoader(),
                new Class<?>[] {SgReadyAdapter.Config.class}, (p, m, args) -> {
                    if (m.getName().equals("annotationType")) {
                        return SgReadyAdapter.Config.class;
                    }
                    return over.containsKey(m.getName()) ? over.get(m.getName()) : m.getDefaultValue();
                });
    }
}
