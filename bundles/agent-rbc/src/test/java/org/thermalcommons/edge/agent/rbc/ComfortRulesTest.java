package org.thermalcommons.edge.agent.rbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.agent.rbc.AgentSettings.Band;
import org.thermalcommons.edge.api.market.GridStress;

class ComfortRulesTest {
    private static final AgentSettings S = TestConfig.settings(Map.of());
    private static final Band BAND = new Band(23, 25);

    @Test
    void aZoneHoldsTheMiddleOfItsBandAndPreCoolsBelowItNeverBelowTheBand() {
        assertThat(ComfortRules.target(BAND, false, 0, false, S)).isEqualTo(24.0);
        assertThat(ComfortRules.target(BAND, false, 0, true, S)).isEqualTo(23.0);
        assertThat(ComfortRules.target(new Band(23.5, 24.5), false, 0, true, S)).as("never below the band").isEqualTo(23.5);
    }

    @Test
    void aSheddingZoneGoesToTheTopOfItsRelaxedBandLessTheMarginAndOnlyWithARelaxation() {
        assertThat(ComfortRules.target(BAND, true, 1.0, false, S)).isEqualTo(25.75);
        assertThat(ComfortRules.target(BAND, true, 1.5, true, S)).as("shedding wins over pre-cooling").isEqualTo(26.25);
        assertThat(ComfortRules.target(BAND, true, 0, false, S)).as("no relaxation, no shed").isEqualTo(24.0);
    }

    @Test
    void theCorrectionActsOnlyOutsideTheBandAndOnlyWhileTheZoneIsNotComingBack() {
        assertThat(ComfortRules.correct(0, 25.5, Double.NaN, BAND, 0.5)).isEqualTo(-0.5);
        assertThat(ComfortRules.correct(0, 25.5, 25.4, BAND, 0.5)).as("too warm and warming").isEqualTo(-0.5);
        assertThat(ComfortRules.correct(-0.5, 25.5, 25.6, BAND, 0.5)).as("too warm but cooling down").isEqualTo(-0.5);
        assertThat(ComfortRules.correct(0, 22.5, 22.6, BAND, 0.5)).as("too cool and cooling").isEqualTo(0.5);
        assertThat(ComfortRules.correct(-0.5, 24, 24, BAND, 0.4)).as("inside: fades at a quarter").isCloseTo(-0.4, within(1e-9));
        assertThat(ComfortRules.correct(0.05, 24, 24, BAND, 0.4)).as("fades to zero, not past it").isEqualTo(0.0);
    }

    @Test
    void theSetpointStaysInTheConfiguredRange() {
        assertThat(ComfortRules.setpoint(24, -10, S)).isEqualTo(20.0);
        assertThat(ComfortRules.setpoint(27, 3, S)).isEqualTo(28.0);
        assertThat(ComfortRules.setpoint(24, -0.5, S)).isEqualTo(23.5);
    }

    @Test
    void bandsArePerZoneAndOccupancyAndRelaxationIsPerLevel() {
        AgentSettings s = TestConfig.settings(Map.of("zoneBands", new String[] {"zone-2=22.5..24.5"}));
        assertThat(s.occupiedBand("zone-2")).isEqualTo(new Band(22.5, 24.5));
        assertThat(s.occupiedBand("zone-1")).isEqualTo(new Band(23, 25));
        assertThat(s.unoccupied()).isEqualTo(new Band(22, 28));
        assertThat(List.of(s.relax(GridStress.NORMAL), s.relax(GridStress.ELEVATED), s.relax(GridStress.HIGH),
                s.relax(GridStress.CRITICAL))).containsExactly(0.0, 0.5, 1.0, 1.5);
        assertThat(new Band(23, 25).outside(25.4)).isCloseTo(0.4, within(1e-9));
        assertThat(new Band(23, 25).outside(22)).isEqualTo(1.0);
    }

    @Test
    void theOccupancyScheduleIsLocalTimeWithInclusiveDays() {
        WeeklySchedule w = WeeklySchedule.parse("occupiedSchedule", List.of("MON-FRI 08:00-19:00"));
        ZoneOffset sg = ZoneOffset.ofHours(8);
        assertThat(w.contains(Instant.parse("2026-03-02T00:00:00Z"), sg)).as("Monday 08:00").isTrue();
        assertThat(w.contains(Instant.parse("2026-03-02T11:00:00Z"), sg)).as("Monday 19:00").isFalse();
        assertThat(w.contains(Instant.parse("2026-03-07T02:00:00Z"), sg)).as("Saturday").isFalse();
        assertThat(WeeklySchedule.parse("x", List.of("FRI-MON 00:00-24:00")).contains(Instant.parse("2026-03-08T02:00:00Z"), sg))
                .as("wrapping days, Sunday").isTrue();
        assertThat(w.nextStart(Instant.parse("2026-03-01T23:30:00Z"), java.time.Duration.ofHours(1), sg))
                .contains(Instant.parse("2026-03-02T00:00:00Z"));
    }

    @Test
    void invalidSettingsAreRejectedNamingTheKeys() {
        assertThatThrownBy(() -> TestConfig.settings(Map.of("occupiedLowCelsius", 26.0)))
                .hasMessageContaining("occupiedLowCelsius/occupiedHighCelsius");
        assertThatThrownBy(() -> TestConfig.settings(Map.of("minSetpointCelsius", 29.0)))
                .hasMessageContaining("minSetpointCelsius").hasMessageContaining("maxSetpointCelsius");
        assertThatThrownBy(() -> TestConfig.settings(Map.of("relaxHighCelsius", 0.2)))
                .hasMessageContaining("relaxHighCelsius < relaxElevatedCelsius");
        assertThatThrownBy(() -> TestConfig.settings(Map.of("occupiedSchedule", "weekdays 8-19")))
                .hasMessageContaining("occupiedSchedule").hasMessageContaining("MON-FRI 08:00-19:00");
        assertThatThrownBy(() -> TestConfig.settings(Map.of("zoneBands", new String[] {"zone-2=25..24"})))
                .hasMessageContaining("zoneBands zone-2");
        assertThatThrownBy(() -> TestConfig.settings(Map.of("timeZone", "Mars/Olympus")))
                .hasMessageContaining("timeZone");
    }
}
