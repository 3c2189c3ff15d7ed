package org.thermalcommons.edge.bess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LpPlannerTest {
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final long DAY = START.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();

    static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void buysLowAndSellsHighWhenGridChargingIsAllowed() {
        BatteryParams p = new BatteryParams(100, 50, 50, 5, 95, 0.87, 1.0, false, 0.0);
        int n = 24;
        double[] price = fill(n, 0.10);
        for (int h = 17; h < 21; h++) {
            price[h] = 0.40;
        }
        Plan plan = new LpPlanner().plan(new PlanRequest(p, BatteryState.atSoc(p, 5, DAY), START, ZoneOffset.UTC, 1.0,
                fill(n, 60), fill(n, 0), price, fill(n, 0.05), 0, 0, 1000));
        assertThat(plan.feasible()).isTrue();
        double charged = Arrays.stream(plan.chargeKw()).limit(17).sum();
        double discharged = Arrays.stream(plan.dischargeKw()).skip(17).limit(4).sum();
        assertThat(charged).isGreaterThan(50);
        assertThat(discharged).isGreaterThan(50);
        // The battery fills up on cheap energy anyway (its size binds, not the price), so one more stored kWh now is
        // worth the cheap charging it saves: 0.10 / sqrt(0.87).
        assertThat(plan.marginalValuePerKwh()[0]).isCloseTo(0.10 / p.oneWayEfficiency(), within(1e-3));
    }

    @Test
    void solarOnlyChargingNeverChargesFromTheGrid() {
        BatteryParams p = new BatteryParams(100, 50, 50, 5, 95, 0.87, 1.0, true, 0.0);
        int n = 24;
        double[] price = fill(n, 0.10);
        price[20] = 0.50;
        Plan plan = new LpPlanner().plan(new PlanRequest(p, BatteryState.atSoc(p, 5, DAY), START, ZoneOffset.UTC, 1.0,
                fill(n, 60), fill(n, 0), price, fill(n, 0.05), 0, 0, 1000));
        assertThat(Arrays.stream(plan.chargeKw()).sum()).isZero();
    }

    @Test
    void aCommitmentIsDeliveredAndAShortfallIsReportedWithItsSizeWhileTheBestPlanStands() {
        BatteryParams p = new BatteryParams(100, 50, 50, 5, 95, 0.87, 1.0, false, 0.0);
        int n = 8;
        double[] min = PlanRequest.none(n);
        min[6] = 30; // a trade: the battery discharges at least 30 kW in interval 6
        Plan ok = new LpPlanner().plan(new PlanRequest(p, BatteryState.atSoc(p, 50, DAY), START, ZoneOffset.UTC, 1.0, 1.0,
                fill(n, 20), fill(n, 0), fill(n, 0.2), fill(n, 0.1), min, PlanRequest.none(n), 0, 0, 1000));
        assertThat(ok.feasible()).isTrue();
        assertThat(ok.unmetCommitmentKwh()).isZero();
        assertThat(ok.batteryKw(6)).isGreaterThanOrEqualTo(30 - 1e-6);

        min[6] = 80; // beyond the battery's 50 kW: 30 kWh short, and the plan still gives all it can
        Plan short_ = new LpPlanner().plan(new PlanRequest(p, BatteryState.atSoc(p, 50, DAY), START, ZoneOffset.UTC, 1.0, 1.0,
                fill(n, 20), fill(n, 0), fill(n, 0.2), fill(n, 0.1), min, PlanRequest.none(n), 0, 0, 1000));
        assertThat(short_.feasible()).isTrue();
        assertThat(short_.unmetCommitmentKwh()).isCloseTo(30, within(1e-6));
        assertThat(short_.batteryKw(6)).isCloseTo(50, within(1e-6));
        assertThat(LpPlanner.shortfall(short_)).isEqualTo("commitments short by 30.000 kWh");

        double[] max = PlanRequest.none(n);
        max[2] = -40; // a buy trade: absorb at least 40 kW in interval 2 (grid charging allowed here)
        Plan absorb = new LpPlanner().plan(new PlanRequest(p, BatteryState.atSoc(p, 50, DAY), START, ZoneOffset.UTC, 1.0, 1.0,
                fill(n, 20), fill(n, 0), fill(n, 0.2), fill(n, 0.1), PlanRequest.none(n), max, 0, 0, 1000));
        assertThat(absorb.batteryKw(2)).isLessThanOrEqualTo(-40 + 1e-6);
    }

    @Test
    void aShortenedFirstIntervalMovesOnlyItsShareOfEnergy() {
        BatteryParams p = new BatteryParams(100, 40, 40, 5, 95, 1.0, 2.0, false, 0.0);
        int n = 4;
        double[] price = {0.5, 0.5, 0.1, 0.1};
        // 20 minutes left of the first hour: 40 kW for 1/3 h moves 13.3 kWh, then a full hour 40 kWh.
        Plan plan = new LpPlanner().plan(new PlanRequest(p, BatteryState.atSoc(p, 95, DAY), START, ZoneOffset.UTC, 1.0,
                1.0 / 3, fill(n, 40), fill(n, 0), price, fill(n, 0.0), PlanRequest.none(n), PlanRequest.none(n), 0, 0, 1000));
        assertThat(plan.batteryKw(0)).isCloseTo(40, within(1e-6));
        assertThat(plan.energyKwh()[0]).isCloseTo(95 - 40.0 / 3, within(1e-6));
        assertThat(plan.energyKwh()[1]).isCloseTo(95 - 40.0 / 3 - 40, within(1e-6));
        assertThat(plan.indexAt(START.plusSeconds(19 * 60))).isZero();
        assertThat(plan.indexAt(START.plusSeconds(21 * 60))).isOne();
        assertThat(plan.energyAt(START.plusSeconds(10 * 60))).isCloseTo(95 - 20.0 / 3, within(1e-6));
    }

    /**
     * The LP's optimum against a dynamic programme over a fine grid of stored energy (the battery's 1 kWh steps and
     * every power on that grid), on a small instance where the grid contains the optimum: they must agree.
     */
    @Test
    void theLpObjectiveEqualsAnIndependentDynamicProgramme() {
        BatteryParams p = new BatteryParams(10, 5, 5, 0, 100, 1.0, 2.0, false, 0.01);
        int n = 8;
        double[] load = {3, 4, 6, 8, 8, 5, 2, 1};
        double[] pv = {0, 2, 7, 9, 3, 1, 0, 0};
        double[] imp = {0.10, 0.12, 0.20, 0.30, 0.40, 0.35, 0.15, 0.10};
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            exp[i] = imp[i] * 0.5;
        }
        BatteryState s0 = new BatteryState(4, 0, DAY);
        Plan plan = new LpPlanner().plan(new PlanRequest(p, s0, START, ZoneOffset.UTC, 1.0, load, pv, imp, exp, 0, 0, 1e6));

        // DP: energy on integer kWh 0..10, one decision per hour = the next energy level (|change| <= 5 kWh).
        double inf = Double.POSITIVE_INFINITY;
        double[] cost = new double[11];
        Arrays.fill(cost, inf);
        cost[4] = 0;
        for (int t = 0; t < n; t++) {
            double[] next = new double[11];
            Arrays.fill(next, inf);
            for (int e = 0; e <= 10; e++) {
                if (cost[e] == inf) {
                    continue;
                }
                for (int f = Math.max(0, e - 5); f <= Math.min(10, e + 5); f++) {
                    double batteryKw = e - f; // + discharge (efficiency 1)
                    double grid = load[t] - pv[t] - batteryKw;
                    double c = (grid > 0 ? grid * imp[t] : grid * exp[t]) + 0.01 * Math.abs(batteryKw);
                    next[f] = Math.min(next[f], cost[e] + c);
                }
            }
            cost = next;
        }
        double dp = Arrays.stream(cost).min().orElseThrow();
        assertThat(plan.objective()).isCloseTo(dp, within(1e-6));
    }

    /** The marginal value the planner reports (the LP dual) equals a fresh re-solve with δ more energy stored now. */
    @Test
    void theMarginalValueOfStoredEnergyMatchesAFiniteDifferenceReSolve() {
        BatteryParams p = new BatteryParams(200, 100, 100, 5, 95, 0.87, 1.0, false, 0.02);
        int n = 96;
        double[] load = new double[n];
        double[] pv = new double[n];
        double[] imp = new double[n];
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            double h = i / 4.0;
            load[i] = 60 + 30 * Math.sin(Math.PI * h / 24);
            pv[i] = Math.max(0, 150 * Math.sin(Math.PI * (h - 6) / 12));
            imp[i] = h >= 17 && h < 21 ? 0.40 : h >= 8 && h < 17 ? 0.22 : 0.12;
            exp[i] = imp[i] * 0.6;
        }
        double e0 = 60;
        Plan plan = new LpPlanner().plan(new PlanRequest(p, new BatteryState(e0, 0, DAY), START, ZoneOffset.UTC, 0.25,
                load, pv, imp, exp, 0, 0.1, 1e6));
        double delta = 1.0;
        Plan more = new LpPlanner().plan(new PlanRequest(p, new BatteryState(e0 + delta, 0, DAY), START, ZoneOffset.UTC, 0.25,
                load, pv, imp, exp, 0, 0.1, 1e6));
        double fd = (plan.objective() - more.objective()) / delta;
        assertThat(plan.marginalValuePerKwh()[0]).isCloseTo(fd, within(1e-3));
        // Stored energy now displaces evening imports at 0.40 through the discharge efficiency, less wear.
        assertThat(fd).isGreaterThan(0.12).isLessThan(0.40 / p.oneWayEfficiency());
    }

    /**
     * Solar-only charging fixes the charge variable to 0 wherever there is no PV surplus (the night here); the storage
     * rows there still carry their dual, so every interval has a marginal value from the one solve, and the night's
     * matches a finite-difference re-solve with δ more and δ less stored.
     */
    @Test
    void everyIntervalHasAMarginalValueFromTheOneSolveEvenWhereChargingIsImpossible() {
        BatteryParams p = new BatteryParams(200, 100, 100, 5, 95, 0.87, 1.0, true, 0.02);
        int n = 96;
        double[] load = new double[n];
        double[] pv = new double[n];
        double[] imp = new double[n];
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            double h = i / 4.0;
            load[i] = 60;
            pv[i] = Math.max(0, 150 * Math.sin(Math.PI * (h - 6) / 12));
            imp[i] = h >= 17 && h < 21 ? 0.40 : 0.15;
            exp[i] = 0.05;
        }
        double e0 = 60;
        Plan plan = new LpPlanner().plan(new PlanRequest(p, new BatteryState(e0, 0, DAY), START, ZoneOffset.UTC, 0.25,
                load, pv, imp, exp, 0, 0.1, 1e6));
        assertThat(plan.chargeKw()[0]).isZero();
        assertThat(plan.marginalValuePerKwh()).hasSize(n);
        assertThat(Arrays.stream(plan.marginalValuePerKwh()).filter(v -> !Double.isFinite(v)).count()).isZero();
        double delta = 1.0;
        double more = new LpPlanner().plan(new PlanRequest(p, new BatteryState(e0 + delta, 0, DAY), START, ZoneOffset.UTC,
                0.25, load, pv, imp, exp, 0, 0.1, 1e6)).objective();
        double less = new LpPlanner().plan(new PlanRequest(p, new BatteryState(e0 - delta, 0, DAY), START, ZoneOffset.UTC,
                0.25, load, pv, imp, exp, 0, 0.1, 1e6)).objective();
        double fdMore = (plan.objective() - more) / delta;
        double fdLess = (less - plan.objective()) / delta;
        assertThat(fdMore).isCloseTo(fdLess, within(1e-6));
        assertThat(plan.marginalValuePerKwh()[0]).isCloseTo(fdMore, within(1e-3));
    }

    @Test
    void demandChargeShavesThePeak() {
        BatteryParams p = new BatteryParams(100, 50, 50, 5, 95, 0.87, 1.0, true, 0.0);
        int n = 24;
        double[] load = fill(n, 40);
        load[12] = 100;
        Plan plan = new LpPlanner().plan(new PlanRequest(p, BatteryState.atSoc(p, 60, DAY), START, ZoneOffset.UTC, 1.0,
                load, fill(n, 0), fill(n, 0.1), fill(n, 0.05), 20.0, 0.0, 1000));
        assertThat(Arrays.stream(plan.importKw()).max().orElseThrow()).isLessThan(75);
    }

    @Test
    void nettingKeepsTheStoredEnergy() {
        BatteryParams p = BatteryParams.defaults(100, 50);
        double[] c = {10, 5, 0};
        double[] d = {5, 10, 3};
        double eta = p.oneWayEfficiency();
        double[] before = new double[3];
        for (int i = 0; i < 3; i++) {
            before[i] = eta * c[i] - d[i] / eta;
        }
        LpPlanner.net(p, c, d);
        for (int i = 0; i < 3; i++) {
            assertThat(c[i] > 0 && d[i] > 0).isFalse();
            assertThat(eta * c[i] - d[i] / eta).isCloseTo(before[i], within(1e-12));
        }
    }
}
