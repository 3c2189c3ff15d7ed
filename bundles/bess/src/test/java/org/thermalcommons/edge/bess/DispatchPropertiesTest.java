package org.thermalcommons.edge.bess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants every dispatcher keeps on random days: SOC window, power limits, cycle limit, balance, binary delivery. */
class DispatchPropertiesTest {
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    static double[][] randomDays(long seed, int n, double dtHours) {
        SplittableRandom r = new SplittableRandom(seed);
        double pvPeak = 20 + r.nextDouble() * 200;
        double[] pv = new double[n];
        double[] load = new double[n];
        double[] target = new double[n];
        double[] price = new double[n];
        double firm = 10 + r.nextDouble() * 80;
        for (int i = 0; i < n; i++) {
            double h = (i * dtHours) % 24;
            pv[i] = h > 7 && h < 17 ? pvPeak * Math.sin(Math.PI * (h - 7) / 10) * (0.4 + 0.6 * r.nextDouble()) : 0;
            load[i] = 20 + r.nextDouble() * 80;
            target[i] = r.nextDouble() < 0.5 ? firm : 0;
            price[i] = 0.05 + r.nextDouble() * 0.4;
        }
        return new double[][] {pv, load, target, price};
    }

    static BatteryParams battery(double cap, double kw, double cycles, boolean solarOnly) {
        return new BatteryParams(cap, kw, kw * 0.8, 5, 95, 0.87, cycles, solarOnly, 0.01);
    }

    @Property(tries = 120)
    void templatesKeepEveryLimitAndDeliverAllOrNothing(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                        @ForAll @IntRange(min = 0, max = 6) int template,
                                                        @ForAll @DoubleRange(min = 20, max = 500) double capacityKwh,
                                                        @ForAll @DoubleRange(min = 0.5, max = 2.0) double cycles,
                                                        @ForAll @DoubleRange(min = 0, max = 100) double dgKw,
                                                        @ForAll @DoubleRange(min = 0, max = 100) double socPercent) {
        double dt = 0.25;
        int n = 96 * 2;
        double[][] d = randomDays(seed, n, dt);
        BatteryParams p = battery(capacityKwh, capacityKwh / 2, cycles, true);
        SiteParams site = SiteParams.of(p, dgKw);
        BatteryState s0 = BatteryState.atSoc(p, Math.max(5, Math.min(95, socPercent)), START.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay());
        TemplateDispatcher.Run run = TemplateDispatcher.run(Template.values()[template], site, d[0], d[2], START, ZoneOffset.UTC, dt, s0);

        double energy = s0.energyKwh();
        double eta = p.oneWayEfficiency();
        double[] dischargedPerDay = new double[3];
        for (int i = 0; i < n; i++) {
            Interval iv = run.intervals().get(i);
            assertThat(iv.deliveredKw()).as("binary delivery").satisfiesAnyOf(v -> assertThat(v).isZero(),
                    v -> assertThat(v).isEqualTo(iv.targetKw()));
            assertThat(iv.socPercent()).isBetween(5.0 - 1e-9, 95.0 + 1e-9);
            assertThat(iv.batteryKw()).isBetween(-p.maxChargeKw() - 1e-9, p.maxDischargeKw() + 1e-9);
            assertThat(iv.dgKw()).isBetween(0.0, dgKw + 1e-9);
            // Energy balance: supply meets delivery + charging; PV splits exactly.
            assertThat(iv.pvToLoadKw() + iv.pvToBatteryKw() + iv.curtailedKw()).isCloseTo(iv.pvKw(), within(1e-6));
            double batteryOut = Math.max(0, iv.batteryKw());
            assertThat(iv.pvToLoadKw() + batteryOut + iv.dgToLoadKw()).isCloseTo(iv.deliveredKw(), within(1e-6));
            assertThat(iv.pvToBatteryKw() + iv.dgToBatteryKw()).isCloseTo(Math.max(0, -iv.batteryKw()), within(1e-6));
            assertThat(iv.pvToBatteryKw() > 1e-9 && iv.batteryKw() > 1e-9).as("no charge while discharging").isFalse();
            energy += iv.batteryKw() > 0 ? -iv.batteryKw() / eta * dt : -iv.batteryKw() * eta * dt;
            assertThat(energy).isCloseTo(iv.socPercent() / 100 * capacityKwh, within(1e-6));
            if (iv.batteryKw() > 0) {
                dischargedPerDay[(int) (i * dt / 24)] += iv.batteryKw() / eta * dt;
            }
        }
        for (double kwh : dischargedPerDay) {
            assertThat(kwh).isLessThanOrEqualTo(cycles * capacityKwh + 1e-6);
        }
        if (Template.values()[template] == Template.T0) {
            assertThat(run.metrics().dgRuntimeHours()).isZero();
        }
    }

    @Property(tries = 25)
    void lpPlansReplayThroughTheModelWithinEveryLimit(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                                      @ForAll @DoubleRange(min = 50, max = 400) double capacityKwh,
                                                      @ForAll @DoubleRange(min = 0.5, max = 2.0) double cycles,
                                                      @ForAll boolean solarOnly,
                                                      @ForAll @DoubleRange(min = 5, max = 95) double socPercent) {
        double dt = 0.25;
        int n = 96;
        double[][] d = randomDays(seed, n, dt);
        BatteryParams p = battery(capacityKwh, capacityKwh / 2, cycles, solarOnly);
        long day = START.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
        BatteryState s0 = BatteryState.atSoc(p, socPercent, day);
        double[] exportPrice = d[3].clone();
        for (int i = 0; i < n; i++) {
            exportPrice[i] *= 0.8;
        }
        Plan plan = new LpPlanner().plan(new PlanRequest(p, s0, START, ZoneOffset.UTC, dt, d[1], d[0], d[3], exportPrice,
                0.0, 0.0, 1e6));
        assertThat(plan.feasible()).as(String.valueOf(plan.problems())).isTrue();

        BatteryState s = s0;
        double discharged = 0;
        for (int i = 0; i < n; i++) {
            double c = plan.chargeKw()[i];
            double dis = plan.dischargeKw()[i];
            assertThat(c > 1e-9 && dis > 1e-9).as("no simultaneous charge and discharge").isFalse();
            if (solarOnly) {
                assertThat(c).isLessThanOrEqualTo(Math.max(0, d[0][i] - d[1][i]) + 1e-6);
            }
            BatteryModel.Step step = BatteryModel.step(p, s, dis - c, Double.MAX_VALUE, dt, day);
            assertThat(step.actualKw()).as("interval %d replays unclamped", i).isCloseTo(dis - c, within(1e-4));
            s = step.next();
            assertThat(s.energyKwh()).isCloseTo(plan.energyKwh()[i], within(1e-3));
            assertThat(plan.importKw()[i] - plan.exportKw()[i]).isCloseTo(d[1][i] - d[0][i] - dis + c, within(1e-6));
            discharged += dis / p.oneWayEfficiency() * dt;
        }
        assertThat(discharged).isLessThanOrEqualTo(cycles * capacityKwh + 1e-4);
    }
}
