package org.thermalcommons.edge.bess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked example day: 200 kWh / 100 kW battery at 50 %, PV 100 kW from 08:00 to 16:00, and an evening target.
 * One-way efficiency √0.87 = 0.93274; the SOC window 5–95 % leaves 180 kWh usable.
 */
class TemplateDispatcherTest {
    static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");
    static final BatteryParams BATTERY = BatteryParams.defaults(200, 100);
    static final double ETA = Math.sqrt(0.87);

    static double[] pv() {
        double[] pv = new double[24];
        for (int h = 8; h < 16; h++) {
            pv[h] = 100;
        }
        return pv;
    }

    static double[] target(double kw, int from, int to) {
        double[] t = new double[24];
        for (int h = from; h < to; h++) {
            t[h] = kw;
        }
        return t;
    }

    static TemplateDispatcher.Run run(Template t, double dgKw, double[] target) {
        return TemplateDispatcher.run(t, SiteParams.of(BATTERY, dgKw), pv(), target, MIDNIGHT, ZoneOffset.UTC, 1.0,
                BatteryState.atSoc(BATTERY, 50, MIDNIGHT.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay()));
    }

    @Test
    void t0SolarChargesTheBatteryWhichDeliversTheEvening() {
        TemplateDispatcher.Run r = run(Template.T0, 0, target(40, 18, 22));
        // 08:00 charges the 90 kWh of room (96.49 kW), then PV is curtailed; 4 evening hours of 40 kW each take
        // 40 / 0.93274 = 42.88 kWh out of the battery.
        assertThat(r.intervals().get(8).batteryKw()).isCloseTo(-90 / ETA, within(1e-9));
        assertThat(r.metrics().deliveryRatePercent()).isEqualTo(100.0);
        assertThat(r.intervals().get(21).socPercent()).isCloseTo((190 - 4 * 40 / ETA) / 2, within(1e-9));
        assertThat(r.metrics().curtailedPvKwh()).isCloseTo(800 - 90 / ETA, within(1e-9));
        assertThat(r.metrics().dgRuntimeHours()).isZero();
        assertThat(r.metrics().greenHours()).isEqualTo(4.0);
    }

    @Test
    void t0DeliversAllOrNothingWhenTheBatteryRunsShort() {
        // 60 kW for 6 hours needs 386 kWh from the battery; 180 kWh covers two full hours, then nothing.
        TemplateDispatcher.Run r = run(Template.T0, 0, target(60, 18, 24));
        assertThat(r.intervals().subList(18, 24)).extracting(Interval::deliveredKw).containsExactly(60.0, 60.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(r.metrics().unmetIntervals()).isEqualTo(4);
        assertThat(r.metrics().deliveryRatePercent()).isCloseTo(100.0 / 3, within(1e-9));
    }

    @Test
    void t1UsesTheDgOnlyAsTheLastResort() {
        TemplateDispatcher.Run r = run(Template.T1, 50, target(60, 18, 24));
        assertThat(r.metrics().deliveryRatePercent()).isEqualTo(100.0);
        // Battery alone at 18:00 and 19:00, then DG 50 kW + battery 10 kW.
        assertThat(r.intervals().subList(18, 24)).extracting(Interval::dgKw).containsExactly(0.0, 0.0, 50.0, 50.0, 50.0, 50.0);
        assertThat(r.metrics().dgRuntimeHours()).isEqualTo(4.0);
        assertThat(r.metrics().greenHours()).isEqualTo(2.0);
        assertThat(r.metrics().dgFuelLitres()).isCloseTo(4 * (0.246 * 50 + 0.08415 * 50), within(1e-9));
    }

    @Test
    void t3KeepsTheDgOffInItsBlackoutWindow() {
        TemplateDispatcher.Run r = run(Template.T3, 50, target(60, 18, 24));
        // Blackout 22:00–06:00: the last two hours cannot use the DG, and the battery alone is short.
        assertThat(r.intervals().subList(18, 24)).extracting(Interval::deliveredKw).containsExactly(60.0, 60.0, 60.0, 60.0, 0.0, 0.0);
        assertThat(r.intervals().get(22).dgKw()).isZero();
    }

    @Test
    void t2ChargesTheBatteryFromTheDgAtNight() {
        TemplateDispatcher.Run r = run(Template.T2, 50, target(0, 0, 0));
        // Night (before 06:00): the DG charges at 50 kW until SOC reaches 80 %.
        assertThat(r.intervals().get(0).dgToBatteryKw()).isEqualTo(50.0);
        assertThat(r.intervals().get(0).socPercent()).isCloseTo(50 + 50 * ETA / 2, within(1e-9));
        assertThat(r.intervals().get(7).dgKw()).isZero();
    }

    @Test
    void socTriggeredTemplatesStartAtTheOnThresholdAndRespectTheirHours() {
        double[] pv = new double[24];
        double[] target = target(30, 0, 24);
        SiteParams site = SiteParams.of(BATTERY, 60);
        long day = MIDNIGHT.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
        TemplateDispatcher.Run t4 = TemplateDispatcher.run(Template.T4, site, pv, target, MIDNIGHT, ZoneOffset.UTC, 1, BatteryState.atSoc(BATTERY, 22, day));
        // 22 % → one hour of 30 kW takes 32.2 kWh (16 %), so the DG starts in hour 1 and stays on until 80 %.
        assertThat(t4.intervals().get(0).dgKw()).isZero();
        assertThat(t4.intervals().get(1).dgKw()).isEqualTo(60.0);
        int full = 1;
        while (t4.intervals().get(full).socPercent() < 80) {
            full++;
        }
        assertThat(t4.intervals().subList(1, full + 1)).allMatch(i -> i.dgKw() == 60.0 && i.deliveredKw() == 30.0);
        assertThat(t4.intervals().get(full + 1).dgKw()).as("off at the 80 %% threshold").isZero();

        TemplateDispatcher.Run t5 = TemplateDispatcher.run(Template.T5, site, pv, target, MIDNIGHT, ZoneOffset.UTC, 1, BatteryState.atSoc(BATTERY, 22, day));
        assertThat(t5.intervals().subList(0, 6)).allMatch(i -> i.dgKw() == 0);
        TemplateDispatcher.Run t6 = TemplateDispatcher.run(Template.T6, site, pv, target, MIDNIGHT, ZoneOffset.UTC, 1, BatteryState.atSoc(BATTERY, 22, day));
        assertThat(t6.intervals().subList(6, 18)).allMatch(i -> i.dgKw() == 0);
        assertThat(t6.intervals().get(1).dgKw()).isEqualTo(60.0);
    }

    @Test
    void theDailyCycleLimitStopsDischarge() {
        BatteryParams half = new BatteryParams(200, 100, 100, 5, 95, 0.87, 0.5, true, 0);
        long day = MIDNIGHT.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
        TemplateDispatcher.Run r = TemplateDispatcher.run(Template.T0, SiteParams.of(half, 0), new double[24],
                target(40, 0, 24), MIDNIGHT, ZoneOffset.UTC, 1, BatteryState.atSoc(half, 95, day));
        // 0.5 cycles = 100 kWh out: two hours of 40 kW (85.8 kWh), then not enough for a full third hour.
        assertThat(r.metrics().batteryCycles()).isLessThanOrEqualTo(0.5 + 1e-12);
        assertThat(r.intervals().stream().filter(i -> i.deliveredKw() > 0).count()).isEqualTo(2);
    }
}
