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
        Plan plan = new LpPlanner(2).plan(new PlanRequest(p, BatteryState.atSoc(p, 5, DAY), START, ZoneOffset.UTC, 1.0,
                fill(n, 60), fill(n, 0), price, fill(n, 0.05), PlanRequest.noCommitments(n), 0, 0, 1000));
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
        Plan plan = new LpPlanner(0).plan(new PlanRequest(p, BatteryState.atSoc(p, 5, DAY), START, ZoneOffset.UTC, 1.0,
                fill(n, 60), fill(n, 0), price, fill(n, 0.05), PlanRequest.noCommitments(n), 0, 0, 1000));
        assertThat(Arrays.stream(plan.chargeKw()).sum()).isZero();
    }

    @Test
    void committedExportIsHonouredAndShortfallReported() {
        BatteryParams p = new BatteryParams(100, 50, 50, 5, 95, 0.87, 1.0, false, 0.0);
        int n = 8;
        double[] committed = PlanRequest.noCommitments(n);
        committed[6] = 10; // export 10 kW net in interval 6 while the site draws 20 kW: the battery must give 30 kW
        Plan ok = new LpPlanner(0).plan(new PlanRequest(p, BatteryState.atSoc(p, 50, DAY), START, ZoneOffset.UTC, 1.0,
                fill(n, 20), fill(n, 0), fill(n, 0.2), fill(n, 0.1), committed, 0, 0, 1000));
        assertThat(ok.feasible()).isTrue();
        assertThat(ok.exportKw()[6] - ok.importKw()[6]).isGreaterThanOrEqualTo(10 - 1e-6);

        committed[6] = 80; // beyond the battery's 50 kW
        Plan short_ = new LpPlanner(0).plan(new PlanRequest(p, BatteryState.atSoc(p, 50, DAY), START, ZoneOffset.UTC, 1.0,
                fill(n, 20), fill(n, 0), fill(n, 0.2), fill(n, 0.1), committed, 0, 0, 1000));
        assertThat(short_.unmetCommitmentKwh()).isCloseTo(50, within(1e-6));
        assertThat(short_.feasible()).isFalse();
        assertThat(short_.problems()).singleElement().asString().contains("commitments short by 50.000 kWh");
    }

    @Test
    void demandChargeShavesThePeak() {
        BatteryParams p = new BatteryParams(100, 50, 50, 5, 95, 0.87, 1.0, true, 0.0);
        int n = 24;
        double[] load = fill(n, 40);
        load[12] = 100;
        Plan plan = new LpPlanner(0).plan(new PlanRequest(p, BatteryState.atSoc(p, 60, DAY), START, ZoneOffset.UTC, 1.0,
                load, fill(n, 0), fill(n, 0.1), fill(n, 0.05), PlanRequest.noCommitments(n), 20.0, 0.0, 1000));
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
