package org.thermalcommons.edge.thermostat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

class ThermostatTest {
    private static final Instant T = Instant.parse("2026-03-02T06:00:00Z");
    private static final PointId TEMP = PointId.parse("zone-1/temp");
    private static final PointId SP = PointId.parse("zone-1/cooling-setpoint");
    private static final PointId STRESS = PointId.parse("site/grid-stress");

    private final Thermostat thermostat = new Thermostat();

    /** Steps the thermostat once against the given values; returns what it requested. */
    private static Map<PointId, Double> step(Thermostat t, double temp, Quality q, double setpoint, int stress) {
        Map<PointId, PointDefinition> defs = new HashMap<>();
        Map<PointId, PointValue> vals = new HashMap<>();
        defs.put(TEMP, PointDefinition.readOnly(TEMP, Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, Duration.ofSeconds(10)));
        defs.put(SP, PointDefinition.writable(SP, Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, Limits.of(18, 30),
                Duration.ofSeconds(10), OptionalDouble.empty()));
        defs.put(STRESS, PointDefinition.readOnly(STRESS, Role.GRID_STRESS_LEVEL, Unit.STATE, Duration.ofSeconds(10)));
        vals.put(TEMP, new PointValue(TEMP, temp, Unit.CELSIUS, q, T));
        vals.put(SP, PointValue.good(SP, setpoint, Unit.CELSIUS, T));
        vals.put(STRESS, PointValue.good(STRESS, stress, Unit.STATE, T));
        PointSnapshot snap = new PointSnapshot(T, defs, vals);
        Map<PointId, Double> requests = new LinkedHashMap<>();
        t.run(new CycleContext() {
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
                return snap;
            }

            @Override
            public void request(PointId point, double value) {
                requests.put(point, value);
            }

            @Override
            public void release(PointId point) {
                requests.remove(point);
            }
        });
        return requests;
    }

    @Test
    void tooWarmLowersTheSetpointStepByStepDownToItsMinimum() {
        assertThat(step(thermostat, 26, Quality.GOOD, 24, 0)).containsEntry(SP, 23.75);
        assertThat(step(thermostat, 26, Quality.GOOD, 24, 0)).containsEntry(SP, 23.5);
        for (int i = 0; i < 50; i++) {
            step(thermostat, 26, Quality.GOOD, 24, 0);
        }
        assertThat(step(thermostat, 26, Quality.GOOD, 24, 0)).containsEntry(SP, 21.0);
    }

    @Test
    void tooCoolRaisesTheSetpointAndInsideTheBandHoldsIt() {
        assertThat(step(thermostat, 22, Quality.GOOD, 24, 0)).containsEntry(SP, 24.25);
        assertThat(step(thermostat, 24, Quality.GOOD, 24, 0)).containsEntry(SP, 24.25);
    }

    @Test
    void highGridStressShiftsTheBandUp() {
        // 25.5 °C is too warm normally, but inside the relaxed band under high stress.
        assertThat(step(new Thermostat(), 25.5, Quality.GOOD, 24, 0)).containsEntry(SP, 23.75);
        assertThat(step(new Thermostat(), 25.5, Quality.GOOD, 24, 2)).containsEntry(SP, 24.0);
    }

    @Test
    void badQualityTemperaturesAreLeftAlone() {
        assertThat(step(thermostat, 35, Quality.STALE, 24, 0)).isEmpty();
        assertThat(step(thermostat, 35, Quality.FAULT, 24, 0)).isEmpty();
    }

    @Test
    void invalidBandIsRejectedNamingTheKeys() {
        assertThatThrownBy(() -> new Thermostat.Settings(25, 23, 0.5, 20, 27, 1))
                .hasMessageContaining("lowCelsius").hasMessageContaining("highCelsius");
    }
}
