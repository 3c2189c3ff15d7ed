package org.thermalcommons.edge.bess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.flex.CostStep;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.api.point.PointId;

/** The battery's offers to the market: never more than it can physically deliver, priced as a rising cost curve. */
class FlexibilityOffersTest {
    static final Instant START = Instant.parse("2026-03-02T08:00:00Z"); // 16:00 local
    static final Duration INTERVAL = Duration.ofMinutes(15);

    static DispatchSettings settings(boolean solarOnly, double cycles) {
        return new DispatchSettings(Optional.empty(), Template.T0, 0, 0.3,
                new BatteryParams(200, 100, 80, 5, 95, 0.87, cycles, solarOnly, 0.02), 0, 15, 16,
                DispatchComponentTest.TOU, 0.5, 0, 5, ZoneOffset.ofHours(8), 50, 17, 21);
    }

    static Plan plan(DispatchSettings s, double energyKwh, double dischargedKwh, double loadKw, double pvKw) {
        int n = s.horizon();
        double[] load = new double[n];
        double[] pv = new double[n];
        double[] imp = new double[n];
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            load[i] = loadKw;
            pv[i] = pvKw;
            imp[i] = s.importPrice(START.plus(INTERVAL.multipliedBy(i)));
            exp[i] = imp[i] * s.exportFactor();
        }
        return new LpPlanner().plan(new PlanRequest(s.battery(), new BatteryState(energyKwh, dischargedKwh, s.day(START)),
                START, s.zone(), 0.25, load, pv, imp, exp, 0, 0.05, 1e6));
    }

    static Dispatcher.Seen seen(DispatchSettings s, Plan p) {
        SiteReading r = new SiteReading(PointId.parse("battery/power-setpoint"), java.util.OptionalDouble.of(50),
                java.util.OptionalDouble.of(0), java.util.OptionalDouble.of(0), java.util.OptionalDouble.empty(),
                java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), List.of());
        return new Dispatcher.Seen(START, new BatteryState(p.initialEnergyKwh(), 0, s.day(START)), r);
    }

    /** Executing the plan's power plus the whole up (or minus the whole down) offer for the interval is never clamped. */
    @Property(tries = 60)
    void anOfferIsNeverMoreThanTheBatteryCanDeliver(@ForAll @DoubleRange(min = 10, max = 190) double energyKwh,
                                                   @ForAll @DoubleRange(min = 0, max = 200) double dischargedKwh,
                                                   @ForAll @DoubleRange(min = 0, max = 150) double loadKw,
                                                   @ForAll @DoubleRange(min = 0, max = 200) double pvKw,
                                                   @ForAll boolean solarOnly, @ForAll @IntRange(min = 0, max = 3) int interval) {
        DispatchSettings s = settings(solarOnly, 1.0);
        Plan p = plan(s, energyKwh, dischargedKwh, loadKw, pvKw);
        Dispatcher.Seen now = new Dispatcher.Seen(START, new BatteryState(energyKwh, dischargedKwh, s.day(START)), seen(s, p).reading());
        Instant at = START.plus(INTERVAL.multipliedBy(interval));
        Optional<FlexibilityOffer> o = FlexibilityOffers.offer(Dispatcher.ID, s, p, now, List.of(), Set.of(), at, INTERVAL);
        if (o.isEmpty()) {
            return;
        }
        BatteryParams b = s.battery();
        int i = p.indexAt(at);
        double planned = p.batteryKw(i);
        double before = 0;
        for (int j = 0; j < i; j++) {
            before += p.dischargeKw()[j] * p.hours(j) / b.oneWayEfficiency();
        }
        BatteryState at0 = new BatteryState(p.energyBefore(i), dischargedKwh + before, s.day(at));
        double surplus = Math.max(0, pvKw - loadKw);
        BatteryModel.Step up = BatteryModel.step(b, at0, planned + o.get().upKw(), solarOnly ? surplus : 1e9, 0.25, s.day(at));
        assertThat(up.actualKw()).as("up %s", o.get()).isCloseTo(planned + o.get().upKw(), within(1e-6));
        BatteryModel.Step down = BatteryModel.step(b, at0, planned - o.get().downKw(), solarOnly ? surplus : 1e9, 0.25, s.day(at));
        assertThat(down.actualKw()).as("down %s", o.get()).isCloseTo(planned - o.get().downKw(), within(1e-6));
        assertRising(o.get().up());
        assertRising(o.get().down());
    }

    private static void assertRising(List<CostStep> curve) {
        for (int k = 1; k < curve.size(); k++) {
            assertThat(curve.get(k).pricePerKwh()).isGreaterThanOrEqualTo(curve.get(k - 1).pricePerKwh());
        }
    }

    @Test
    void anIdleBatteryOffersItsHeadroomPricedFromTheMarginalValuePlusWear() {
        DispatchSettings s = settings(false, 1.0);
        // Half full at 16:00 with the 0.50 evening ahead: the LP keeps the energy for 17:00 and idles now.
        Plan p = plan(s, 100, 0, 50, 50);
        assertThat(p.batteryKw(0)).isCloseTo(0, within(1e-6));
        FlexibilityOffer o = FlexibilityOffers.offer(Dispatcher.ID, s, p, seen(s, p), List.of(), Set.of(), START, INTERVAL).orElseThrow();
        double eta = s.battery().oneWayEfficiency();
        double lambda = p.marginalValuePerKwh()[0];
        assertThat(o.upKw()).isCloseTo(80, within(1e-6)); // the discharge limit
        assertThat(o.up()).singleElement().satisfies(st -> assertThat(st.pricePerKwh()).isCloseTo(lambda / eta + 0.02, within(1e-9)));
        assertThat(o.downKw()).isCloseTo(100, within(1e-6)); // the charge limit (grid charging allowed)
        assertThat(o.down()).singleElement().satisfies(st -> assertThat(st.pricePerKwh()).isCloseTo(0.02 - lambda * eta, within(1e-9)));
        assertThat(o.sustain()).isEqualTo(INTERVAL);
    }

    @Test
    void aSpentCycleBudgetLeavesNothingToOfferUpAndAWonTradeNotYetPlannedIsTakenOff() {
        DispatchSettings s = settings(false, 1.0);
        Plan spent = plan(s, 150, 200, 50, 50);
        FlexibilityOffer o = FlexibilityOffers.offer(Dispatcher.ID, s, spent,
                new Dispatcher.Seen(START, new BatteryState(150, 200, s.day(START)), seen(s, spent).reading()),
                List.of(), Set.of(), START, INTERVAL).orElseThrow();
        assertThat(o.upKw()).isZero();
        Plan p = plan(s, 100, 0, 50, 50);
        Commitment won = new Commitment("t1", Dispatcher.ID, "bess", START, START.plus(INTERVAL), 30, 0.3);
        FlexibilityOffer after = FlexibilityOffers.offer(Dispatcher.ID, s, p, seen(s, p), List.of(won), Set.of(), START, INTERVAL).orElseThrow();
        assertThat(after.upKw()).isCloseTo(50, within(1e-6));
        FlexibilityOffer planned = FlexibilityOffers.offer(Dispatcher.ID, s, p, seen(s, p), List.of(won), Set.of("t1"), START, INTERVAL).orElseThrow();
        assertThat(planned.upKw()).isCloseTo(80, within(1e-6));
    }

    @Test
    void atTheSocFloorNothingIsOfferedUpButCancellingPlannedCharging() {
        DispatchSettings s = settings(false, 1.0);
        BatteryParams b = s.battery();
        for (double pv : new double[] {0, 50, 150}) {
            Plan p = plan(s, b.minKwh(), 0, 50, pv);
            Dispatcher.Seen now = new Dispatcher.Seen(START, new BatteryState(b.minKwh(), 0, s.day(START)), seen(s, p).reading());
            FlexibilityOffer o = FlexibilityOffers.offer(Dispatcher.ID, s, p, now, List.of(), Set.of(), START, INTERVAL).orElseThrow();
            double planned = p.batteryKw(0);
            assertThat(o.upKw()).as("PV %s, plan %s kW", pv, planned).isCloseTo(Math.max(0, -planned), within(1e-6));
            double lambda = p.marginalValuePerKwh()[0];
            // What it offers up is only the charging it would not do: stored energy it gives up at λ·η, less the wear.
            o.up().forEach(st -> assertThat(st.pricePerKwh()).isCloseTo(lambda * b.oneWayEfficiency() - 0.02, within(1e-9)));
        }
    }

    @Test
    void atTheSocCeilingNothingIsOfferedDownButCancellingPlannedDischarge() {
        DispatchSettings s = settings(false, 1.0);
        BatteryParams b = s.battery();
        for (double load : new double[] {0, 50, 150}) {
            Plan p = plan(s, b.maxKwh(), 0, load, 0);
            Dispatcher.Seen now = new Dispatcher.Seen(START, new BatteryState(b.maxKwh(), 0, s.day(START)), seen(s, p).reading());
            Optional<FlexibilityOffer> o = FlexibilityOffers.offer(Dispatcher.ID, s, p, now, List.of(), Set.of(), START, INTERVAL);
            double planned = p.batteryKw(0);
            assertThat(o).isPresent(); // a full battery can always offer up
            assertThat(o.get().downKw()).as("load %s, plan %s kW", load, planned).isCloseTo(Math.max(0, planned), within(1e-6));
            double lambda = p.marginalValuePerKwh()[0];
            o.get().down().forEach(st -> assertThat(st.pricePerKwh()).isCloseTo(-lambda / b.oneWayEfficiency() - 0.02, within(1e-9)));
        }
    }

    @Test
    void anEmptyBatteryWithoutPvSurplusUnderSolarOnlyChargingOffersNothing() {
        DispatchSettings s = settings(true, 1.0);
        BatteryParams b = s.battery();
        Plan p = plan(s, b.minKwh(), 0, 50, 20);
        Dispatcher.Seen now = new Dispatcher.Seen(START, new BatteryState(b.minKwh(), 0, s.day(START)), seen(s, p).reading());
        assertThat(p.batteryKw(0)).isCloseTo(0, within(1e-9));
        assertThat(FlexibilityOffers.offer(Dispatcher.ID, s, p, now, List.of(), Set.of(), START, INTERVAL)).isEmpty();
    }

    @Test
    void noOfferForAnIntervalWithoutAMarginalValue() {
        DispatchSettings s = settings(false, 1.0);
        Plan p = plan(s, 100, 0, 50, 50);
        double[] none = new double[p.intervals()];
        java.util.Arrays.fill(none, Double.NaN);
        Plan unpriced = new Plan(p.start(), p.dtHours(), p.firstHours(), p.initialEnergyKwh(), p.chargeKw(), p.dischargeKw(),
                p.importKw(), p.exportKw(), p.energyKwh(), none, 0, p.objective(), p.solveMillis(), List.of());
        assertThat(FlexibilityOffers.offer(Dispatcher.ID, s, p, seen(s, p), List.of(), Set.of(), START, INTERVAL)).isPresent();
        assertThat(FlexibilityOffers.offer(Dispatcher.ID, s, unpriced, seen(s, unpriced), List.of(), Set.of(), START, INTERVAL)).isEmpty();
        // Beyond the plan's horizon there is no marginal value either.
        Instant after = p.startOf(p.intervals() - 1).plus(INTERVAL.multipliedBy(2));
        assertThat(FlexibilityOffers.offer(Dispatcher.ID, s, p, seen(s, p), List.of(), Set.of(), after, INTERVAL)).isEmpty();
    }

    @Test
    void whilePvChargesTheBatteryTheUpCurveFirstCancelsChargingThenDischargesAtRisingPrices() {
        DispatchSettings s = settings(true, 1.0);
        BatteryParams b = s.battery();
        Plan p = plan(s, 60, 0, 20, 120); // 100 kW of PV surplus, plenty of room: the plan charges
        assertThat(p.batteryKw(0)).isLessThan(-1);
        FlexibilityOffer o = FlexibilityOffers.offer(Dispatcher.ID, s, p, seen(s, p), List.of(), Set.of(), START, INTERVAL).orElseThrow();
        double lambda = p.marginalValuePerKwh()[0];
        double eta = b.oneWayEfficiency();
        assertThat(o.up()).hasSize(2);
        assertThat(o.up().get(0).kw()).isCloseTo(-p.batteryKw(0), within(1e-6));
        assertThat(o.up().get(0).pricePerKwh()).isCloseTo(lambda * eta - 0.02, within(1e-9));
        assertThat(o.up().get(1).pricePerKwh()).isCloseTo(lambda / eta + 0.02, within(1e-9));
        assertThat(o.up().get(1).pricePerKwh()).isGreaterThan(o.up().get(0).pricePerKwh());
        assertRising(o.down());
    }
}
