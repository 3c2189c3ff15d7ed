package org.thermalcommons.edge.thermostat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;

class ThermostatTest {
    private static final PointId SP1 = PointId.parse("zone-1/cooling-setpoint");
    private static final PointId SP2 = PointId.parse("zone-2/cooling-setpoint");
    private static final Duration MINUTE = Duration.ofSeconds(60);

    private static Thermostat.Config config(double low, double high, double step, int intervalSeconds, double min,
                                            double max, double relax) {
        return new Thermostat.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return Thermostat.Config.class;
            }

            @Override
            public double lowCelsius() {
                return low;
            }

            @Override
            public double highCelsius() {
                return high;
            }

            @Override
            public double stepCelsius() {
                return step;
            }

            @Override
            public int intervalSeconds() {
                return intervalSeconds;
            }

            @Override
            public double minSetpointCelsius() {
                return min;
            }

            @Override
            public double maxSetpointCelsius() {
                return max;
            }

            @Override
            public double gridStressRelaxCelsius() {
                return relax;
            }
        };
    }

    @Test
    void isAComfortControllerNamedThermostat() {
        Thermostat t = new Thermostat();
        assertThat(t.id()).isEqualTo("thermostat");
        assertThat(t.priority()).isEqualTo(WritePriority.COMFORT);
    }

    @Test
    void tooWarmLowersTheSetpointStepByStepDownToItsMinimum() {
        Thermostat t = new Thermostat();
        FakeCycleContext ctx = new FakeCycleContext().zone("zone-1", 26, Quality.GOOD, 24);
        assertThat(ctx.runOnce(t)).containsEntry(SP1, 23.5);
        assertThat(ctx.advance(MINUTE).runOnce(t)).containsEntry(SP1, 23.0);
        for (int i = 0; i < 50; i++) {
            ctx.advance(MINUTE).runOnce(t);
        }
        assertThat(ctx.advance(MINUTE).runOnce(t)).containsEntry(SP1, 20.0);
    }

    @Test
    void tooCoolRaisesTheSetpointAndInsideTheBandHoldsIt() {
        Thermostat t = new Thermostat();
        assertThat(new FakeCycleContext().zone("zone-1", 22, Quality.GOOD, 24).runOnce(t)).containsEntry(SP1, 24.5);
        FakeCycleContext inBand = new FakeCycleContext().zone("zone-1", 24, Quality.GOOD, 24).advance(MINUTE);
        assertThat(inBand.runOnce(t)).containsEntry(SP1, 24.5);
        assertThat(inBand.advance(MINUTE).runOnce(t)).containsEntry(SP1, 24.5);
    }

    @Test
    void theSetpointMovesWithClockTimeNotWithTheNumberOfCycles() {
        // One cycle a minute (a 60x clock) and sixty cycles a second apart (real time) move the setpoint alike.
        Thermostat slow = new Thermostat();
        Thermostat fast = new Thermostat();
        FakeCycleContext a = new FakeCycleContext().zone("zone-1", 26, Quality.GOOD, 24);
        FakeCycleContext b = new FakeCycleContext().zone("zone-1", 26, Quality.GOOD, 24);
        a.runOnce(slow);
        b.runOnce(fast);
        Map<PointId, Double> afterMinute = a.advance(MINUTE).runOnce(slow);
        Map<PointId, Double> afterSixtySeconds = Map.of();
        for (int i = 0; i < 60; i++) {
            afterSixtySeconds = b.advance(Duration.ofSeconds(1)).runOnce(fast);
        }
        assertThat(afterMinute.get(SP1)).isEqualTo(23.0);
        assertThat(afterSixtySeconds.get(SP1)).isCloseTo(23.0, within(1e-9));
        // A clock that did not move does not move the setpoint either.
        assertThat(a.runOnce(slow)).containsEntry(SP1, 23.0);
    }

    @Test
    void highGridStressShiftsTheBandUpAndAllowsAHigherSetpoint() {
        // 25.5 °C is too warm normally, but inside the relaxed band under high stress.
        assertThat(new FakeCycleContext().zone("zone-1", 25.5, Quality.GOOD, 24).gridStress(0).runOnce(new Thermostat()))
                .containsEntry(SP1, 23.5);
        assertThat(new FakeCycleContext().zone("zone-1", 25.5, Quality.GOOD, 24).gridStress(2).runOnce(new Thermostat()))
                .as("in the relaxed band, not commanded yet: the device's own setpoint is left alone")
                .doesNotContainKey(SP1);
        // Elevated stress is not enough to relax.
        assertThat(new FakeCycleContext().zone("zone-1", 25.5, Quality.GOOD, 24).gridStress(1).runOnce(new Thermostat()))
                .containsEntry(SP1, 23.5);
        // Critical stress, a cool zone at the top of the setpoint range: the setpoint may go up to max + relax.
        assertThat(new FakeCycleContext().zone("zone-1", 22, Quality.GOOD, 27.8).gridStress(3).runOnce(new Thermostat()))
                .containsEntry(SP1, 28.0);
    }

    @Test
    void zonesAreHandledOnTheirOwnAndBadQualityTemperaturesAreLeftAlone() {
        Thermostat t = new Thermostat();
        FakeCycleContext ctx = new FakeCycleContext().zone("zone-1", 35, Quality.STALE, 24).zone("zone-2", 26, Quality.GOOD, 24);
        assertThat(ctx.runOnce(t)).containsOnlyKeys(SP2).containsEntry(SP2, 23.5);
        assertThat(new FakeCycleContext().zone("zone-1", 35, Quality.FAULT, 24).runOnce(new Thermostat())).isEmpty();
    }

    @Test
    void aSensorWithoutASetpointOnItsDeviceIsIgnored() {
        FakeCycleContext ctx = new FakeCycleContext().zone("zone-1", 26, Quality.GOOD, 24).sensorOnly("lobby", 30);
        assertThat(ctx.snapshot().withRole(Role.ZONE_AIR_TEMPERATURE_SENSOR)).hasSize(2);
        assertThat(ctx.runOnce(new Thermostat())).containsOnlyKeys(SP1);
    }

    @Test
    void invalidBandIsRejectedNamingTheKeys() {
        assertThatThrownBy(() -> new Thermostat().activate(config(25, 23, 0.5, 60, 20, 27, 1)))
                .hasMessageContaining("lowCelsius").hasMessageContaining("highCelsius");
        assertThatThrownBy(() -> new Thermostat().activate(config(23, 25, 0.5, 60, 27, 20, 1)))
                .hasMessageContaining("minSetpointCelsius").hasMessageContaining("maxSetpointCelsius");
    }

    @Test
    void anInvalidChangeKeepsThePreviousConfigurationAndIsCounted() {
        Thermostat t = new Thermostat();
        t.activate(config(23, 25, 1.0, 60, 20, 27, 1));
        t.modified(config(26, 24, 0.5, 60, 20, 27, 1));
        assertThat(t.rejectedConfigurations()).isEqualTo(1);
        // Still the first configuration: a 1 °C step.
        assertThat(new FakeCycleContext().zone("zone-1", 26, Quality.GOOD, 24).runOnce(t)).containsEntry(SP1, 23.0);
        t.modified(config(22, 24, 0.5, 60, 20, 27, 1));
        assertThat(t.rejectedConfigurations()).isEqualTo(1);
    }
}
