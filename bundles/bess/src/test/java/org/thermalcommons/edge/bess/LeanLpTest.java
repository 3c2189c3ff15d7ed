package org.thermalcommons.edge.bess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The lean formulation the planner solves ({@link LeanLp}) against the full one it replaces ({@link FullLp}): the
 * same optimum on random requests, with every feature the planner has (shortened first interval, solar-only or grid
 * charging, wear, cycle budgets across local days, commitments, demand charge, terminal value), and marginal values
 * that a finite-difference re-solve of the full model confirms.
 */
class LeanLpTest {
    static final Instant START = Instant.parse("2026-03-01T21:00:00Z");
    static final ZoneOffset ZONE = ZoneOffset.ofHours(8);

    /** A random request the lean model applies to ({@code 0 ≤ export price ≤ import price}, no upper commitment). */
    static PlanRequest random(long seed, double energyShare) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double cap = 20 + rnd.nextDouble() * 400;
        double kw = cap * (0.1 + rnd.nextDouble() * 0.9);
        double socMin = rnd.nextDouble() * 20;
        double socMax = 80 + rnd.nextDouble() * 20;
        BatteryParams p = new BatteryParams(cap, kw, kw * (0.5 + rnd.nextDouble() * 0.5), socMin, socMax,
                0.7 + rnd.nextDouble() * 0.3, 0.3 + rnd.nextDouble() * 1.7, rnd.nextBoolean(), rnd.nextDouble() * 0.05);
        int n = 4 + rnd.nextInt(120);
        double dt = rnd.nextBoolean() ? 0.25 : 1.0;
        double first = dt * (0.05 + rnd.nextDouble() * 0.95);
        double pvPeak = rnd.nextDouble() * 2 * kw;
        double[] load = new double[n];
        double[] pv = new double[n];
        double[] imp = new double[n];
        double[] exp = new double[n];
        double[] min = PlanRequest.none(n);
        for (int t = 0; t < n; t++) {
            double h = (5 + first + (t - 1) * dt) % 24; // local hours: the horizon starts at 05:00 local
            load[t] = rnd.nextDouble() * kw * 1.5;
            pv[t] = h > 6 && h < 18 ? pvPeak * Math.sin(Math.PI * (h - 6) / 12) * (0.3 + 0.7 * rnd.nextDouble()) : 0;
            imp[t] = 0.05 + rnd.nextDouble() * 0.4;
            exp[t] = imp[t] * rnd.nextDouble();
            if (rnd.nextDouble() < 0.08) {
                min[t] = rnd.nextDouble() * kw * 1.2 - kw * 0.2; // sometimes more than the battery can give
            }
        }
        double e0 = p.minKwh() + energyShare * (p.maxKwh() - p.minKwh());
        long day = START.atZone(ZONE).toLocalDate().toEpochDay();
        double dischargedToday = rnd.nextDouble() * p.dailyDischargeKwh() * 0.8;
        double demand = rnd.nextDouble() < 0.3 ? rnd.nextDouble() * 5 : 0;
        return new PlanRequest(p, new BatteryState(e0, dischargedToday, day), START, ZONE, dt, first, load, pv, imp, exp,
                min, PlanRequest.none(n), demand, rnd.nextDouble() * 0.2, 1e6);
    }

    static PlanRequest withEnergy(PlanRequest r, double e) {
        return new PlanRequest(r.battery(), new BatteryState(e, r.initial().dischargedTodayKwh(), r.initial().day()),
                r.start(), r.zone(), r.dtHours(), r.firstHours(), r.loadKw(), r.pvKw(), r.importPricePerKwh(),
                r.exportPricePerKwh(), r.committedMinKw(), r.committedMaxKw(), r.demandChargePerKw(),
                r.terminalValuePerKwh(), r.maxExportKw());
    }

    static Plan full(PlanRequest r) {
        return new LpPlanner().solve(r, new FullLp(r));
    }

    @Property(tries = 60)
    void theLeanModelHasTheFullModelsOptimumAndKeepsTheBatteryLimits(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        PlanRequest r = random(seed, new SplittableRandom(seed + 1).nextDouble());
        assertThat(LeanLp.applies(r)).isTrue();
        Plan lean = new LpPlanner().plan(r);
        Plan full = full(r);
        assertThat(lean.feasible()).isTrue();
        assertThat(full.feasible()).isTrue();
        assertThat(lean.objective()).isCloseTo(full.objective(), within(1e-6 * (1 + Math.abs(full.objective()))));
        assertThat(lean.unmetCommitmentKwh()).isCloseTo(full.unmetCommitmentKwh(), within(1e-5 * (1 + full.unmetCommitmentKwh())));
        BatteryParams p = r.battery();
        double eta = p.oneWayEfficiency();
        double e = r.initial().energyKwh();
        for (int t = 0; t < r.intervals(); t++) {
            double c = lean.chargeKw()[t];
            double d = lean.dischargeKw()[t];
            assertThat(c > 1e-9 && d > 1e-9).isFalse();
            assertThat(c).isLessThanOrEqualTo(p.maxChargeKw() + 1e-6);
            assertThat(d).isLessThanOrEqualTo(p.maxDischargeKw() + 1e-6);
            if (p.solarOnlyCharging()) {
                assertThat(c).isLessThanOrEqualTo(Math.max(0, r.pvKw()[t] - r.loadKw()[t]) + 1e-6);
            }
            e += r.hours(t) * (eta * c - d / eta);
            assertThat(lean.energyKwh()[t]).isCloseTo(e, within(1e-5 * p.capacityKwh()));
            assertThat(e).isBetween(p.minKwh() - 1e-5 * p.capacityKwh(), p.maxKwh() + 1e-5 * p.capacityKwh());
        }
    }

    /**
     * The value function is convex in the energy stored now, so its dual (the marginal value) must lie between the
     * full model's finite differences with δ more and δ less stored: a subgradient even at a kink.
     */
    @Property(tries = 40)
    void theLeanMarginalValueLiesBetweenTheFullModelsFiniteDifferences(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        PlanRequest r = random(seed, 0.1 + 0.8 * new SplittableRandom(seed + 1).nextDouble());
        double e0 = r.initial().energyKwh();
        double delta = r.battery().capacityKwh() * 0.005;
        double v = full(r).objective();
        double right = (v - full(withEnergy(r, e0 + delta)).objective()) / delta;
        double left = (full(withEnergy(r, e0 - delta)).objective() - v) / delta;
        double marginal = new LpPlanner().plan(r).marginalValuePerKwh()[0];
        double tol = 1e-5 * (1 + Math.abs(v) / delta);
        assertThat(marginal).isBetween(right - tol, left + tol);
    }

    /**
     * Short first intervals before dawn (seeds the property found): ojalgo's presolve bounded the first interval's
     * stored energy from the energy now, and its storage row's dual came back wrong (0.018 against 0.367, −0.106
     * against 0.011) until the presolvers were switched off.
     */
    @Test
    void aShortFirstIntervalBeforeDawnHasTheFiniteDifferenceMarginalValue() {
        for (long seed : new long[] {10, 1191}) {
            PlanRequest r = random(seed, 0.1 + 0.8 * new SplittableRandom(seed + 1).nextDouble());
            double e0 = r.initial().energyKwh();
            double delta = r.battery().capacityKwh() * 0.005;
            double v = full(r).objective();
            double fd = (v - full(withEnergy(r, e0 + delta)).objective()) / delta;
            assertThat(new LpPlanner().plan(r).marginalValuePerKwh()[0]).isCloseTo(fd, within(1e-6));
            assertThat(full(r).marginalValuePerKwh()[0]).isCloseTo(fd, within(1e-6));
        }
    }

    /**
     * A week ahead at 15 minutes with the production battery and tariff, starting at local midnight (solar-only: no
     * charging for hours): the lean model's optimum is the full model's, and its marginal value now is the
     * finite-difference one of the full model on both sides. (With ojalgo's presolve the dual was off here: 0.093 per
     * kWh against a finite difference of 0.163.)
     */
    @Test
    void aWeekAheadPlanIsTheFullModelsOptimumAndItsMarginalValueIsTheFiniteDifference() {
        BatteryParams p = new BatteryParams(200, 100, 100, 5, 95, 0.87, 1.0, true, 0.02);
        double[] tou = {0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.15, 0.18, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.25, 0.30,
            0.35, 0.40, 0.40, 0.35, 0.25, 0.18, 0.15, 0.12};
        int n = 672;
        SplittableRandom rnd = new SplittableRandom(0);
        double[] load = new double[n];
        double[] pv = new double[n];
        double[] imp = new double[n];
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            double h = (i / 4.0) % 24;
            load[i] = 80 + 40 * Math.sin(Math.PI * h / 24) + 10 * (rnd.nextDouble() - 0.5);
            pv[i] = Math.max(0, 200 * Math.sin(Math.PI * (h - 6) / 12) * (0.7 + 0.3 * rnd.nextDouble()));
            imp[i] = tou[(int) h];
            exp[i] = imp[i] * 0.6;
        }
        Instant start = Instant.parse("2026-03-01T16:00:00Z");
        PlanRequest r = new PlanRequest(p, new BatteryState(100, 0, start.atZone(ZONE).toLocalDate().toEpochDay()), start,
                ZONE, 0.25, 0.25, load, pv, imp, exp, PlanRequest.none(n), PlanRequest.none(n), 0, 0.12 * 0.87, 1e6);
        assertThat(LeanLp.applies(r)).isTrue();
        Plan lean = new LpPlanner().plan(r);
        double v = full(r).objective();
        assertThat(lean.objective()).isCloseTo(v, within(1e-6 * Math.abs(v)));
        double more = full(withEnergy(r, 101)).objective();
        double less = full(withEnergy(r, 99)).objective();
        assertThat(lean.marginalValuePerKwh()[0]).isCloseTo(v - more, within(1e-4)).isCloseTo(less - v, within(1e-4));
        assertThat(lean.marginalValuePerKwh()).doesNotContain(Double.NaN);
    }

    @Test
    void theFullModelPlansWhereTheLeanOneWouldNotBeExact() {
        PlanRequest r = random(42, 0.5);
        int n = r.intervals();
        double[] exportAboveImport = r.importPricePerKwh().clone();
        for (int t = 0; t < n; t++) {
            exportAboveImport[t] *= 1.1;
        }
        double[] negative = r.exportPricePerKwh().clone();
        negative[0] = -0.01;
        double[] absorb = PlanRequest.none(n);
        absorb[1] = -5;
        PlanRequest[] cases = {
            with(r, exportAboveImport, r.committedMaxKw(), r.maxExportKw()),
            with(r, negative, r.committedMaxKw(), r.maxExportKw()),
            with(r, r.exportPricePerKwh(), absorb, r.maxExportKw()),
            with(r, r.exportPricePerKwh(), r.committedMaxKw(), r.battery().maxDischargeKw() * 0.5)};
        for (PlanRequest c : cases) {
            assertThat(LeanLp.applies(c)).isFalse();
            Plan plan = new LpPlanner().plan(c);
            Plan full = full(c);
            assertThat(plan.feasible()).isEqualTo(full.feasible());
            if (full.feasible()) {
                assertThat(plan.objective()).isEqualTo(full.objective());
            }
        }
    }

    static PlanRequest with(PlanRequest r, double[] exp, double[] max, double maxExport) {
        return new PlanRequest(r.battery(), r.initial(), r.start(), r.zone(), r.dtHours(), r.firstHours(), r.loadKw(),
                r.pvKw(), r.importPricePerKwh(), exp, r.committedMinKw(), max, r.demandChargePerKw(),
                r.terminalValuePerKwh(), maxExport);
    }
}
