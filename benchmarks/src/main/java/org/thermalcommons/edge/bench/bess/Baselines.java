package org.thermalcommons.edge.bench.bess;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.bess.BatteryModel;
import org.thermalcommons.edge.bess.BatteryParams;
import org.thermalcommons.edge.bess.BatteryState;
import org.thermalcommons.edge.bess.DispatchSettings;
import org.thermalcommons.edge.bess.LpPlanner;
import org.thermalcommons.edge.bess.Plan;
import org.thermalcommons.edge.bess.PlanRequest;
import org.thermalcommons.edge.bess.SiteReading;

/**
 * The strategies the production follower is measured against, each a controller on the same measured points, within
 * the same battery limits (SOC window, power, daily cycle budget from the measured power, solar-only charging from the
 * measured surplus).
 */
final class Baselines {
    private Baselines() {
    }

    /** Shared by the baselines: limits at the measured SOC and today's measured discharge. */
    abstract static class Limited implements SiteLoop.Strategy {
        final DispatchSettings s;
        private long day = Long.MIN_VALUE;
        private double discharged;
        private Instant last;

        Limited(DispatchSettings s) {
            this.s = s;
        }

        @Override
        public final void run(CycleContext ctx) {
            Optional<SiteReading> r = SiteReading.read(ctx.snapshot());
            if (r.isEmpty()) {
                return;
            }
            SiteReading m = r.get();
            Instant t = ctx.now();
            long today = s.day(t);
            if (today != day) {
                day = today;
                discharged = 0;
            }
            double power = m.batteryKw().orElse(0);
            if (last != null) {
                discharged += Math.max(0, power) / s.battery().oneWayEfficiency() * (t.toEpochMilli() - last.toEpochMilli()) / 3.6e6;
            }
            last = t;
            if (!m.safe()) {
                ctx.request(m.setpoint(), 0);
                return;
            }
            BatteryParams b = s.battery();
            BatteryState st = new BatteryState(b.capacityKwh() * m.socPercent().getAsDouble() / 100, discharged, day);
            double surplus = m.pvKw().getAsDouble() - m.loadKw().getAsDouble();
            double kw = want(t, st, surplus);
            double h = ctx.period().toMillis() / 3.6e6;
            if (kw > 0) {
                kw = Math.min(kw, BatteryModel.maxDischargeKw(b, st, h));
            } else if (kw < 0) {
                double cap = BatteryModel.maxChargeKw(b, st, h);
                if (b.solarOnlyCharging()) {
                    cap = Math.min(cap, Math.max(0, surplus));
                }
                kw = -Math.min(-kw, cap);
            }
            ctx.request(m.setpoint(), kw);
        }

        /** The power the strategy wants (+ discharge), before the limits. */
        abstract double want(Instant t, BatteryState st, double surplusKw);
    }

    /** No battery: the bill every value is measured from. */
    static SiteLoop.Strategy idle(DispatchSettings s) {
        return new Limited(s) {
            @Override
            double want(Instant t, BatteryState st, double surplusKw) {
                return 0;
            }
        };
    }

    /** Self-consumption: store every PV surplus, discharge whenever the site draws from the grid. */
    static SiteLoop.Strategy selfConsumption(DispatchSettings s) {
        return new Limited(s) {
            @Override
            double want(Instant t, BatteryState st, double surplusKw) {
                return -surplusKw;
            }
        };
    }

    /** Time-of-use rule: store every PV surplus, discharge the site's draw only in the tariff's peak hours. */
    static SiteLoop.Strategy touRule(DispatchSettings s) {
        double[] sorted = s.touPrices().clone();
        Arrays.sort(sorted);
        double peak = sorted[sorted.length - 6]; // the six dearest hours
        return new Limited(s) {
            @Override
            double want(Instant t, BatteryState st, double surplusKw) {
                return surplusKw > 0 ? -surplusKw : s.importPrice(t) >= peak ? -surplusKw : 0;
            }
        };
    }

    /**
     * The LP with perfect foresight: planned every local midnight on the building's true interval means for the next
     * 48 hours (the published tariff is the true price), then followed within the measured limits.
     */
    static SiteLoop.Strategy foresight(DispatchSettings s, double[][] truth, Instant truthStart) {
        return new Limited(s) {
            private Plan plan;
            private long plannedDay = Long.MIN_VALUE;

            @Override
            double want(Instant t, BatteryState st, double surplusKw) {
                if (plan == null || plannedDay != st.day()) {
                    plannedDay = st.day();
                    int from = (int) ((t.toEpochMilli() - truthStart.toEpochMilli()) / (s.intervalMinutes() * 60_000L));
                    int n = Math.min(2 * 1440 / s.intervalMinutes(), truth[0].length - from);
                    double[] load = Arrays.copyOfRange(truth[0], from, from + n);
                    double[] pv = Arrays.copyOfRange(truth[1], from, from + n);
                    double[] imp = new double[n];
                    double[] exp = new double[n];
                    for (int i = 0; i < n; i++) {
                        imp[i] = s.importPrice(t.plusSeconds(60L * s.intervalMinutes() * i));
                        exp[i] = imp[i] * s.exportFactor();
                    }
                    double terminal = Arrays.stream(s.touPrices()).min().orElse(0) * s.battery().roundTripEfficiency();
                    plan = new LpPlanner().plan(new PlanRequest(s.battery(), st, s.intervalStart(t), s.zone(),
                            s.intervalHours(), load, pv, imp, exp, s.demandCharge(), terminal, 1e6));
                }
                int i = plan.indexAt(t);
                return plan.feasible() && i >= 0 ? plan.batteryKw(i) : 0;
            }
        };
    }
}
