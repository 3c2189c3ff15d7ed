package org.thermalcommons.edge.bess;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.flex.CostStep;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;

/**
 * The battery's flexibility for one market interval, beyond its plan. With p the plan's power in that interval (+
 * discharge), E the plan's energy at its start, h its length and η the one-way efficiency:
 * <pre>
 *  up   = min(maxDischarge, (E − Emin)·η/h, (day budget − discharged and planned before it)·η/h) − p
 *  down = p + min(maxCharge, (Emax − E)/(η·h), PV surplus if solar-only)
 * </pre>
 * (each at least 0), minus trades won that the plan does not contain yet. Priced from the plan's marginal value of
 * stored energy λ at that interval (offered only where the LP computed one) and the degradation cost g per kWh:
 * up = first the kW that cancel planned charging at {@code λ·η − g}, then discharging at {@code λ/η + g}; down =
 * first the kW that cancel planned discharging at {@code −λ/η − g}, then charging at {@code g − λ·η} (negative: the
 * battery gains stored energy worth more than the wear). Both curves rise, as the contract requires.
 */
final class FlexibilityOffers {
    private static final double MIN_KW = 0.01;

    private FlexibilityOffers() {
    }

    static Optional<FlexibilityOffer> offer(String id, DispatchSettings s, Plan plan, Dispatcher.Seen seen,
                                            List<Commitment> won, Set<String> inPlan, Instant start, Duration length) {
        if (!plan.feasible() || length.isZero() || length.isNegative() || start.isBefore(seen.at().minus(length))) {
            return Optional.empty();
        }
        int i = plan.indexAt(start);
        if (i < 0 || i >= plan.marginalValuePerKwh().length || !Double.isFinite(plan.marginalValuePerKwh()[i])) {
            return Optional.empty();
        }
        BatteryParams b = s.battery();
        double eta = b.oneWayEfficiency();
        double h = length.toNanos() / 3.6e12;
        double lambda = Math.max(0, plan.marginalValuePerKwh()[i]);
        double g = b.degradationCostPerKwh();
        double p = plan.batteryKw(i);
        double e = plan.energyAt(start);
        double maxDis = Math.min(b.maxDischargeKw(), seen.reading().maxDischargeKw().orElse(Double.MAX_VALUE));
        double maxCh = Math.min(b.maxChargeKw(), seen.reading().maxChargeKw().orElse(Double.MAX_VALUE));
        double budget = b.dailyDischargeKwh() - dischargedBefore(s, plan, seen, start);
        double up = Math.min(maxDis, Math.min((e - b.minKwh()) * eta / h, budget * eta / h)) - p;
        double surplus = plan.exportKw()[i] - plan.importKw()[i] + plan.chargeKw()[i] - plan.dischargeKw()[i];
        double charge = Math.min(maxCh, (b.maxKwh() - e) / (eta * h));
        if (b.solarOnlyCharging()) {
            charge = Math.min(charge, Math.max(0, surplus));
        }
        double down = p + charge;
        Instant end = start.plus(length);
        for (Commitment c : won) {
            if (!inPlan.contains(c.tradeId()) && c.start().isBefore(end) && c.end().isAfter(start)) {
                up -= Math.max(0, c.kw());
                down -= Math.max(0, -c.kw());
            }
        }
        up = Math.max(0, up);
        down = Math.max(0, down);
        List<CostStep> upCurve = new ArrayList<>();
        double cancelCharge = Math.min(up, Math.max(0, -p));
        step(upCurve, cancelCharge, lambda * eta - g);
        step(upCurve, up - cancelCharge, lambda / eta + g);
        List<CostStep> downCurve = new ArrayList<>();
        double cancelDischarge = Math.min(down, Math.max(0, p));
        step(downCurve, cancelDischarge, -lambda / eta - g);
        step(downCurve, down - cancelDischarge, g - lambda * eta);
        if (upCurve.isEmpty() && downCurve.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FlexibilityOffer(id, "bess", start, end, length, upCurve, downCurve));
    }

    private static void step(List<CostStep> curve, double kw, double price) {
        if (kw >= MIN_KW) {
            curve.add(new CostStep(kw, price));
        }
    }

    /** Energy out of the battery on the local day of {@code start} before it: measured today, then as planned. */
    private static double dischargedBefore(DispatchSettings s, Plan plan, Dispatcher.Seen seen, Instant start) {
        long day = s.day(start);
        double used = seen.state().day() == day ? seen.state().dischargedTodayKwh() : 0;
        int now = Math.max(0, plan.indexAt(seen.at()));
        for (int j = now; j < plan.intervals() && plan.startOf(j).isBefore(start); j++) {
            if (s.day(plan.startOf(j)) == day) {
                used += plan.dischargeKw()[j] * plan.hours(j) / s.battery().oneWayEfficiency();
            }
        }
        return used;
    }
}
