package org.thermalcommons.edge.agent.rbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.flex.CostStep;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.api.oem.OemCommands;
import org.thermalcommons.edge.api.point.PointId;

class ComfortAgentTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static PointId sp(int zone) {
        return PointId.of("zone-" + zone, "cooling-setpoint");
    }

    private static ComfortAgent agent(Map<String, Object> config) {
        ComfortAgent a = new ComfortAgent();
        a.start(TestConfig.settings(config), Runnable::run);
        return a;
    }

    private static FakeCycle fourZones() {
        return new FakeCycle().zone("zone-1", 24, 8).zone("zone-2", 24.2, 6).zone("zone-3", 23.8, 7).zone("zone-4", 24.4, 5);
    }

    @Test
    void isAComfortControllerNamedAgentRbc() {
        ComfortAgent a = agent(Map.of());
        assertThat(a.id()).isEqualTo("agent-rbc");
        assertThat(a.priority()).isEqualTo(WritePriority.COMFORT);
    }

    @Test
    void aZoneInItsBandHoldsTheMiddleAndATooWarmZoneThatDoesNotCoolIsCorrectedDownToTheLowestSetpoint() {
        ComfortAgent a = agent(Map.of("stepCelsius", 2.0, "intervalSeconds", 1, "minSetpointCelsius", 23.0));
        FakeCycle ctx = new FakeCycle().zone("zone-1", 26, 8).zone("zone-2", 24, 8);
        assertThat(ctx.runOnce(a)).containsEntry(sp(1), 23.0).containsEntry(sp(2), 24.0);
        assertThat(ctx.advance(Duration.ofSeconds(1)).runOnce(a)).containsEntry(sp(1), 23.0);
    }

    @Test
    void underHighStressThreeOfFourZonesShedInTheFirstCycleAndRestoreStaggeredWhenItEnds() {
        ComfortAgent a = agent(Map.of());
        FakeCycle ctx = fourZones();
        assertThat(ctx.runOnce(a)).containsOnly(Map.entry(sp(1), 24.0), Map.entry(sp(2), 24.0), Map.entry(sp(3), 24.0),
                Map.entry(sp(4), 24.0));
        Map<PointId, Double> shed = ctx.advance(MINUTE).gridStress(2).runOnce(a);
        assertThat(shed.values().stream().filter(v -> v == 25.75)).as("75 %% of 4 zones at 25 + 1.0 - 0.25 °C").hasSize(3);
        assertThat(a.agent().sheddingNow()).isEqualTo(3);
        // Stress over: the zones come down one ramp at a time, 5 min apart.
        ctx.advance(MINUTE).gridStress(0);
        List<Long> down = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<PointId, Double> r = ctx.advance(MINUTE).runOnce(a);
            down.add(r.values().stream().filter(v -> v < 25.75 && v > 24.0).count()
                    + r.values().stream().filter(v -> v == 25.75).count() * 100);
        }
        assertThat(down.get(0)).as("first minute: one zone ramps, two wait").isEqualTo(201);
        assertThat(down.get(19)).as("twenty minutes later all are back").isZero();
    }

    @Test
    void aZoneTooCoolMayShedButATooWarmOneIsNotAsked() {
        ComfortAgent a = agent(Map.of("shedShareHighPercent", 100));
        FakeCycle ctx = new FakeCycle().zone("zone-1", 22.5, 8).zone("zone-2", 25.5, 8).gridStress(2);
        Map<PointId, Double> r = ctx.runOnce(a);
        assertThat(r.get(sp(1))).as("too cool: sheds (and its comfort correction raises it too)").isGreaterThanOrEqualTo(25.75);
        assertThat(r.get(sp(2))).as("too warm: not asked to shed").isLessThan(25.0);
    }

    @Test
    void aWonCommitmentShedsAsHighStressDoes() {
        ComfortAgent a = new ComfortAgent();
        a.commitments = (provider, from) -> List.of(new Commitment("t-1", provider, "hvac", from.minusSeconds(60),
                from.plusSeconds(900), 10, 0.3));
        a.start(TestConfig.settings(Map.of()), Runnable::run);
        assertThat(fourZones().runOnce(a).values().stream().filter(v -> v == 25.75)).hasSize(3);
    }

    @Test
    void flexibilityIsOfferedAsMonotoneComfortCostStepsFromTheZonesThatCouldShed() {
        ComfortAgent a = agent(Map.of());
        FakeCycle ctx = fourZones();
        ctx.runOnce(a);
        Instant now = ctx.now();
        Optional<FlexibilityOffer> o = a.offer(now, Duration.ofMinutes(15));
        assertThat(o).isPresent();
        assertThat(o.get().source()).isEqualTo("hvac");
        assertThat(o.get().upKw()).as("70 %% of 26 kW of cooling").isCloseTo(18.2, org.assertj.core.api.Assertions.within(1e-6));
        List<Double> prices = o.get().up().stream().map(CostStep::pricePerKwh).toList();
        assertThat(prices).isSorted();
        assertThat(prices.get(0)).as("the coolest zone (zone-3) is the cheapest to shed").isLessThan(prices.get(3));
        assertThat(o.get().down()).isEmpty();
        assertThat(a.offer(now.plus(Duration.ofHours(2)), Duration.ofMinutes(15))).as("beyond the horizon").isEmpty();
        // Zones that shed already are not offered again.
        ctx.advance(MINUTE).gridStress(2).runOnce(a);
        assertThat(a.offer(ctx.now(), Duration.ofMinutes(15)).get().up()).hasSize(1);
    }

    @Test
    void heatPumpsAreToldEcoUnderHighStressAndNormalAfterOncePerChangeWithIdempotentIds() {
        Map<String, OemCommand> log = new HashMap<>();
        List<String> calls = new ArrayList<>();
        OemCommands oem = new OemCommands() {
            @Override
            public OemCommand submit(String id, String deviceId, OemAction action, String requestedBy) {
                calls.add(id);
                return log.computeIfAbsent(id, k -> new OemCommand(id, deviceId, action, requestedBy, OemCommandState.PENDING,
                        0, Optional.empty(), Instant.EPOCH, Instant.EPOCH));
            }

            @Override
            public Optional<OemCommand> find(String id) {
                return Optional.ofNullable(log.get(id));
            }

            @Override
            public List<OemCommand> recent(int limit) {
                return List.copyOf(log.values());
            }

            @Override
            public List<String> devices() {
                return List.of("heatpump");
            }
        };
        ComfortAgent a = new ComfortAgent();
        a.oem = oem;
        a.start(TestConfig.settings(Map.of()), Runnable::run);
        FakeCycle ctx = fourZones().gridStress(0);
        ctx.runOnce(a);
        assertThat(calls).as("nothing to undo at start").isEmpty();
        ctx.advance(MINUTE).gridStress(1).runOnce(a);
        assertThat(calls).as("elevated is not enough").isEmpty();
        ctx.advance(MINUTE).gridStress(2).runOnce(a);
        ctx.advance(MINUTE).gridStress(3).runOnce(a);
        ctx.advance(MINUTE).runOnce(a);
        assertThat(calls).singleElement().asString().startsWith("agent-rbc-heatpump-eco-");
        ctx.advance(MINUTE).gridStress(0).runOnce(a);
        ctx.advance(MINUTE).runOnce(a);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).startsWith("agent-rbc-heatpump-normal-");
        assertThat(log.get(calls.get(1)).action()).isEqualTo(OemAction.of("normal"));
    }

    @Test
    void comfortAndPowerAreReportedPerIntervalAsPoints() {
        ComfortAgent a = agent(Map.of());
        FakeCycle ctx = fourZones().temp("zone-1", 25.5);
        for (int i = 0; i < 16; i++) {
            ctx.runOnce(a);
            ctx.advance(MINUTE);
        }
        ctx.runOnce(a);
        assertThat(a.latestValues().get(AgentPoints.COOLING_KW).value()).isEqualTo(26.0);
        // zone-1 0.5 °C above its band for the 15 minutes of the interval.
        assertThat(a.latestValues().get(AgentPoints.DEGREE_MINUTES).value()).isCloseTo(7.0,
                org.assertj.core.api.Assertions.within(0.6));
        assertThat(a.points()).extracting(d -> d.id()).contains(AgentPoints.DEGREE_MINUTES, AgentPoints.COOLING_KW,
                AgentPoints.SHEDDING, AgentPoints.SHEDDABLE_KW);
    }

    @Test
    void anInvalidActivationFailsAndAnInvalidChangeKeepsThePreviousConfigurationAndIsCounted() {
        assertThatThrownBy(() -> new ComfortAgent().activate(TestConfig.of(Map.of("occupiedLowCelsius", 26.0))))
                .hasMessageContaining("occupiedLowCelsius");
        ComfortAgent a = agent(Map.of("occupiedLowCelsius", 22.0, "occupiedHighCelsius", 24.0));
        a.modified(TestConfig.of(Map.of("occupiedLowCelsius", 26.0)));
        assertThat(a.rejectedConfigurations()).isEqualTo(1);
        assertThat(new FakeCycle().zone("zone-1", 23, 5).runOnce(a)).containsEntry(sp(1), 23.0);
        a.modified(TestConfig.of(Map.of()));
        assertThat(a.rejectedConfigurations()).isEqualTo(1);
    }
}
