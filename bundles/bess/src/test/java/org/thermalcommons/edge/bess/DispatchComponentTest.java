package org.thermalcommons.edge.bess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/** Steps the plan follower through cycles against a hand-made site and checks what it requests against its plan. */
class DispatchComponentTest {
    static final double[] TOU = {0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.20, 0.20, 0.20, 0.20, 0.20, 0.20, 0.20,
        0.20, 0.20, 0.50, 0.50, 0.50, 0.20, 0.10, 0.10, 0.10};
    /** 18:00 local (UTC+8) on a Monday. */
    static final Instant EVENING = Instant.parse("2026-03-02T10:00:00Z");

    static DispatchSettings settings(Optional<Template> mode, boolean solarOnly, double minHistoryHours) {
        return new DispatchSettings(mode, Template.T0, minHistoryHours, 0.3,
                new BatteryParams(200, 100, 100, 5, 95, 0.87, 1.0, solarOnly, 0.01), 0, 15, 96, TOU, 0.5, 0, 5,
                ZoneOffset.ofHours(8), 50, 17, 21);
    }

    static Dispatcher direct(DispatchSettings s) {
        return new Dispatcher(s, Runnable::run);
    }

    /** Runs one-minute cycles with SOC following the battery as the follower drives it; returns the last request. */
    static double follow(TestSite site, Dispatcher d, Instant from, int minutes, double[] soc, double pv, double load) {
        double kw = 0;
        for (int m = 0; m < minutes; m++) {
            Instant t = from.plusSeconds(60L * m);
            if (site.defs.containsKey(TestSite.POWER)) {
                site.set(TestSite.POWER, kw, t);
            }
            kw = TestSite.get(site.cycle(d, t, soc[0], pv, load)).orElseThrow();
            double eta = Math.sqrt(0.87);
            soc[0] -= 100.0 / 200 * (kw > 0 ? kw / eta : kw * eta) / 60;
        }
        return kw;
    }

    @Test
    void theLpPlanIsFollowedIntervalByIntervalAndPublishedAsPoints() {
        Dispatcher d = direct(settings(Optional.empty(), true, 0));
        TestSite site = new TestSite().define(TestSite.POWER, Role.BATTERY_POWER_SENSOR, Unit.KILOWATT);
        double[] soc = {80};
        follow(site, d, EVENING.minusSeconds(15 * 60), 15, soc, 0, 80); // one interval of history: T0 plans it
        assertThat(d.counters().fallbackPlans()).isEqualTo(1);
        for (int interval = 0; interval < 4; interval++) {
            Instant t = EVENING.plusSeconds(interval * 15 * 60L);
            double kw = follow(site, d, t, 15, soc, 0, 80);
            Plan plan = d.plan().orElseThrow();
            assertThat(plan.marginalValuePerKwh()).as("an LP plan").isNotEmpty();
            double planned = plan.batteryKw(plan.indexAt(t.plusSeconds(14 * 60)));
            // 18:00-19:00 at 0.50 with 80 kW of load: the LP discharges the load, and the request is the plan's.
            assertThat(planned).isCloseTo(80, within(1e-3));
            assertThat(kw).isCloseTo(planned, within(1e-6));
            assertThat(d.published().get(Dispatcher.PLAN_KW).value()).isCloseTo(planned, within(1e-6));
            assertThat(d.published().get(Dispatcher.PLAN_SOC).value()).isCloseTo(soc[0], within(1.0));
        }
        assertThat(d.published()).containsKey(Dispatcher.MARGINAL);
    }

    @Test
    void inSteadyOperationThereIsOnePlanPerIntervalAndARealDeviationReplansFromNow() {
        Dispatcher d = direct(settings(Optional.empty(), true, 0));
        TestSite site = new TestSite();
        double[] soc = {80};
        follow(site, d, EVENING.minusSeconds(15 * 60), 15, soc, 0, 80);
        follow(site, d, EVENING, 62, soc, 0, 80);
        assertThat(d.counters().plans()).as("17:45 (fallback), 18:00, 18:15, 18:30, 18:45, 19:00").isEqualTo(6);
        assertThat(d.counters().replans()).isZero();
        // Someone else drained 10 % of the battery: the next cycle re-plans from the measured SOC, starting now.
        Instant t = EVENING.plusSeconds(3600 + 5 * 60);
        soc[0] -= 10;
        site.cycle(d, t, soc[0], 0, 80);
        assertThat(d.counters().replans()).isEqualTo(1);
        Plan plan = d.plan().orElseThrow();
        assertThat(plan.start()).isEqualTo(t);
        assertThat(plan.firstHours()).isCloseTo(10 / 60.0, within(1e-9));
        assertThat(plan.initialEnergyKwh()).isCloseTo(2 * soc[0], within(1e-9));
    }

    @Test
    void aLostSocReadingSetsTheBatteryToZeroInTheSameCycle() {
        Dispatcher d = direct(settings(Optional.empty(), true, 0));
        TestSite site = new TestSite();
        double[] soc = {80};
        follow(site, d, EVENING.minusSeconds(15 * 60), 20, soc, 0, 80);
        assertThat(TestSite.get(site.cycle(d, EVENING.plusSeconds(300), soc[0], 0, 80))).hasValueSatisfying(v -> assertThat(v).isGreaterThan(50));
        site.set(TestSite.SOC, soc[0], EVENING.plusSeconds(360)).quality(TestSite.SOC, Quality.STALE);
        assertThat(TestSite.get(site.run(d, EVENING.plusSeconds(360)))).contains(0.0);
        site.vals.remove(TestSite.SOC);
        assertThat(TestSite.get(site.run(d, EVENING.plusSeconds(420)))).contains(0.0);
        assertThat(d.counters().unsafeCycles()).isEqualTo(2);
        // Back: the plan again.
        assertThat(TestSite.get(site.cycle(d, EVENING.plusSeconds(480), soc[0], 0, 80))).hasValueSatisfying(v -> assertThat(v).isGreaterThan(50));
    }

    @Test
    void unknownPvOrLoadIsNeverTakenForZeroAndAnInverterAlarmStopsTheBattery() {
        Dispatcher d = direct(settings(Optional.empty(), true, 0));
        TestSite site = new TestSite().define(TestSite.ALARM, Role.ALARM, Unit.STATE);
        double[] soc = {80};
        site.set(TestSite.ALARM, 0, EVENING);
        follow(site, d, EVENING.minusSeconds(15 * 60), 20, soc, 0, 80);
        Instant t = EVENING.plusSeconds(600);
        site.set(TestSite.SOC, 80, t).set(TestSite.PV, 0, t).set(TestSite.LOAD, 80, t).quality(TestSite.PV, Quality.FAULT);
        assertThat(TestSite.get(site.run(d, t))).contains(0.0);
        site.set(TestSite.PV, 0, t).quality(TestSite.LOAD, Quality.STALE);
        assertThat(TestSite.get(site.run(d, t))).contains(0.0);
        site.set(TestSite.LOAD, 80, t).set(TestSite.ALARM, 4, t);
        assertThat(TestSite.get(site.run(d, t))).contains(0.0);
        site.set(TestSite.ALARM, 0, t);
        assertThat(TestSite.get(site.run(d, t))).hasValueSatisfying(v -> assertThat(v).isGreaterThan(50));
    }

    @Test
    void theConfiguredSafeValueIsUsedWhileAMeasurementIsMissing() {
        DispatchSettings base = settings(Optional.empty(), true, 0);
        DispatchSettings s = new DispatchSettings(base.template(), base.fallback(), 0, 0.3, base.battery(), -5, 15, 96,
                TOU, 0.5, 0, 5, base.zone(), 50, 17, 21);
        Dispatcher d = direct(s);
        TestSite site = new TestSite();
        site.set(TestSite.PV, 0, EVENING).set(TestSite.LOAD, 80, EVENING);
        assertThat(TestSite.get(site.run(d, EVENING))).contains(-5.0);
    }

    @Test
    void theInvertersPublishedLimitsCapTheRequestBelowThePlan() {
        Dispatcher d = direct(settings(Optional.empty(), true, 0));
        TestSite site = new TestSite().define(TestSite.MAX_DIS, Role.BATTERY_MAX_DISCHARGE_POWER, Unit.KILOWATT);
        double[] soc = {80};
        site.set(TestSite.MAX_DIS, 100, EVENING);
        follow(site, d, EVENING.minusSeconds(15 * 60), 20, soc, 0, 80);
        Instant t = EVENING.plusSeconds(600);
        site.set(TestSite.MAX_DIS, 30, t);
        assertThat(TestSite.get(site.cycle(d, t, soc[0], 0, 80))).contains(30.0);
        assertThat(d.plan().orElseThrow().batteryKw(d.plan().orElseThrow().indexAt(t))).isGreaterThan(30);
        site.quality(TestSite.MAX_DIS, Quality.STALE);
        assertThat(TestSite.get(site.cycle(d, t, soc[0], 0, 80))).contains(0.0);
    }

    @Test
    void solarOnlyChargingIsCappedByTheMeasuredSurplusNotByThePlan() {
        Dispatcher d = direct(settings(Optional.of(Template.T0), true, 0));
        TestSite site = new TestSite();
        Instant noon = Instant.parse("2026-03-02T04:00:00Z");
        double[] soc = {30};
        follow(site, d, noon.minusSeconds(15 * 60), 15, soc, 200, 100); // history: 100 kW of surplus
        Instant t = noon.plusSeconds(60);
        double req = TestSite.get(site.cycle(d, t, soc[0], 140, 100)).orElseThrow(); // a cloud: 40 kW of surplus
        Plan plan = d.plan().orElseThrow();
        assertThat(plan.batteryKw(plan.indexAt(t))).isLessThan(-40);
        assertThat(req).isCloseTo(-40, within(1e-9));
    }

    @Test
    void withoutAForecastTheFallbackTemplatePlansAndTheLpTakesOverOnceThereIsHistory() {
        Dispatcher d = direct(settings(Optional.empty(), true, 1));
        TestSite site = new TestSite();
        double[] soc = {80};
        follow(site, d, EVENING, 60, soc, 0, 80);
        assertThat(d.counters().fallbackPlans()).isEqualTo(4);
        assertThat(d.plan().orElseThrow().marginalValuePerKwh()).as("template plans have no marginal value").isEmpty();
        // T0 delivers the 50 kW firm target 17-21 h from the battery.
        assertThat(d.plan().orElseThrow().batteryKw(0)).isCloseTo(50, within(1e-9));
        follow(site, d, EVENING.plusSeconds(3600), 15, soc, 0, 80);
        assertThat(d.counters().fallbackPlans()).isEqualTo(4);
        assertThat(d.plan().orElseThrow().marginalValuePerKwh()).isNotEmpty();
    }

    @Test
    void theDailyCycleBudgetIntegratesTheMeasuredPowerOverGatewayTime() {
        Dispatcher d = direct(settings(Optional.empty(), true, 0));
        TestSite site = new TestSite().define(TestSite.POWER, Role.BATTERY_POWER_SENSOR, Unit.KILOWATT);
        // The inverter reports 60 kW of discharge for an hour of one-minute cycles, whatever was requested.
        for (int m = 0; m <= 60; m++) {
            Instant t = EVENING.plusSeconds(60L * m);
            site.set(TestSite.POWER, 60, t);
            site.cycle(d, t, 80, 0, 80);
        }
        assertThat(d.dischargedTodayKwh()).isCloseTo(60 / Math.sqrt(0.87), within(1e-6));
        // A new local day (midnight UTC+8) starts a new budget.
        Instant midnight = Instant.parse("2026-03-02T16:00:00Z");
        site.set(TestSite.POWER, 60, midnight);
        site.cycle(d, midnight, 60, 0, 40);
        assertThat(d.dischargedTodayKwh()).isZero();
    }

    @Test
    void aCommitmentBeyondTheBatteryIsReportedAsAShortfallAndTheBestPlanIsExecuted() {
        Dispatcher d = direct(settings(Optional.empty(), false, 0));
        TestSite site = new TestSite();
        double[] soc = {80};
        follow(site, d, EVENING.minusSeconds(15 * 60), 15, soc, 0, 20);
        Instant start = EVENING.plusSeconds(15 * 60);
        List<Commitment> won = new ArrayList<>();
        won.add(new Commitment("trade-1", Dispatcher.ID, "bess", start, start.plusSeconds(900), 140, 0.3));
        d.commitmentSource(t -> won);
        follow(site, d, EVENING, 16, soc, 0, 20);
        Plan plan = d.plan().orElseThrow();
        assertThat(plan.feasible()).isTrue();
        assertThat(plan.unmetCommitmentKwh()).isCloseTo((140 - 100) * 0.25, within(1e-3));
        assertThat(d.counters().shortfalls()).isPositive();
        assertThat(TestSite.get(site.cycle(d, start.plusSeconds(120), soc[0], 0, 20))).contains(100.0);
    }

    @Test
    void theCountersArePublishedAsMetrics() {
        DispatchComponent c = new DispatchComponent();
        c.start(settings(Optional.empty(), true, 0));
        try {
            TestSite site = new TestSite();
            site.cycle(c.dispatcher(), EVENING, 80, 0, 80);
            Map<String, Double> seen = new java.util.HashMap<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (c.dispatcher().counters().plans() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            c.collect(new MetricsCollector() {
                @Override
                public void counter(String name, String help, Map<String, String> labels, double value) {
                    seen.put(name, value);
                }

                @Override
                public void gauge(String name, String help, Map<String, String> labels, double value) {
                    seen.put(name, value);
                }
            });
            assertThat(seen).containsEntry("cool_edge_bess_plans_total", 1.0).containsKeys("cool_edge_bess_replans_total",
                    "cool_edge_bess_infeasible_plans_total", "cool_edge_bess_shortfall_plans_total");
        } finally {
            c.deactivate();
        }
    }
}
