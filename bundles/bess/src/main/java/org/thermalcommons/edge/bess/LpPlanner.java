package org.thermalcommons.edge.bess;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * Optimal battery plan as a linear programme (ojalgo {@link ExpressionsBasedModel}). Per interval t of length h[t]
 * (the first one may be shorter: the plan starts now): charge c, discharge d, grid import i, export x, stored energy
 * e, and where a trade is committed a slack s; one peak variable.
 * <pre>
 *  minimise  Σ h (pi·i − px·x + deg·(c + d) + M·s) + demand·peak − terminal·e[N−1]
 *  balance   i − x + d − c = load − pv;  x ≤ maxExport
 *  storage   e[t] = e[t−1] + h·(√η·c − d/√η)            (e[−1] = energy now)
 *  window    socMin ≤ e ≤ socMax;  0 ≤ c ≤ maxCharge;  0 ≤ d ≤ maxDischarge   (variable bounds)
 *  solar     c ≤ max(0, pv − load)                        (when charging is solar-only)
 *  cycles    Σ_{t in local day} h·d/√η ≤ cycles·capacity (minus what today already discharged)
 *  trades    d − c + s ≥ committedMin;  d − c − s ≤ committedMax   (s ≥ 0 penalised by M: the shortfall)
 *  peak      peak ≥ i
 * </pre>
 * An optimum may charge and discharge in the same interval only when that is free; the result is netted so it never
 * does (same stored-energy trajectory, see {@link #net}). One solve per plan: the marginal value of stored energy in
 * every interval is the dual of its storage constraint (the tests check it against a finite-difference re-solve).
 * Should ojalgo ever report no dual for one of the first {@value #FD_INTERVALS} intervals, that one gets a finite
 * difference from the same model re-solved with its storage level changed (ojalgo rebuilds its simplex on every
 * solve; there is no warm start). The model is built afresh for every plan: a new forecast changes nearly every
 * coefficient.
 */
public final class LpPlanner {
    /** Penalty per kWh of unmet commitment: far above any energy price. */
    static final double SLACK_PENALTY = 1_000.0;
    /** Leading intervals that get a finite-difference marginal value when the solver reports no dual for them. */
    static final int FD_INTERVALS = 4;
    public LpPlanner() {
    }

    public Plan plan(PlanRequest r) {
        long t0 = System.nanoTime();
        Model model = new Model(r);
        Optimisation.Result base = model.m.minimise();
        if (!base.getState().isFeasible()) {
            return new Plan(r.start(), r.dtHours(), r.firstHours(), r.initial().energyKwh(), new double[0], new double[0],
                    new double[0], new double[0], new double[0], new double[0], 0, Double.NaN,
                    (System.nanoTime() - t0) / 1e6, List.of("LP not solved: " + base.getState()));
        }
        int n = r.intervals();
        double[] c = new double[n];
        double[] d = new double[n];
        double[] imp = new double[n];
        double[] exp = new double[n];
        double[] e = new double[n];
        double slack = 0;
        for (int t = 0; t < n; t++) {
            c[t] = model.value(base, model.charge.get(t));
            d[t] = model.value(base, model.discharge.get(t));
            e[t] = model.value(base, model.energy.get(t));
            if (model.slack.get(t) != null) {
                slack += model.value(base, model.slack.get(t)) * r.hours(t);
            }
        }
        double[] marginal = marginalValues(model, base);
        // Where ojalgo's presolver took a storage constraint out (no dual), the next hour or so gets a finite
        // difference instead: the same model re-solved with a little more energy in storage at that interval.
        double delta = Math.max(0.5, r.battery().capacityKwh() * 0.005);
        for (int t = 0; t < Math.min(FD_INTERVALS, n); t++) {
            if (Double.isNaN(marginal[t])) {
                Expression st = model.storage.get(t);
                double level = st.getLowerLimit().doubleValue();
                st.level(level + delta);
                Optimisation.Result more = model.m.minimise();
                st.level(level);
                marginal[t] = more.getState().isFeasible() ? (base.getValue() - more.getValue()) / delta : Double.NaN;
            }
        }
        net(r.battery(), c, d);
        for (int t = 0; t < n; t++) {
            double grid = r.loadKw()[t] - r.pvKw()[t] - d[t] + c[t];
            imp[t] = Math.max(0, grid);
            exp[t] = Math.max(0, -grid);
        }
        return new Plan(r.start(), r.dtHours(), r.firstHours(), r.initial().energyKwh(), c, d, imp, exp, e, marginal,
                slack > 1e-6 ? slack : 0, base.getValue(), (System.nanoTime() - t0) / 1e6, List.of());
    }

    /**
     * The marginal value of stored energy per interval: the dual of each storage constraint, as ojalgo matches its
     * multipliers to our expressions (the objective's change per kWh more in storage at that interval). NaN where
     * ojalgo reports none (a constraint its presolver removed).
     */
    private static double[] marginalValues(Model model, Optimisation.Result base) {
        double[] marginal = new double[model.storage.size()];
        java.util.Arrays.fill(marginal, Double.NaN);
        // By name: where a variable of the row is fixed (no charging without PV surplus), ojalgo hands its solver a
        // compensated copy of our expression, and the multiplier comes back matched to that copy.
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int t = 0; t < model.storage.size(); t++) {
            index.put(model.storage.get(t).getName(), t);
        }
        for (var m : base.getMatchedMultipliers()) {
            Integer t = index.get(m.first().first().getName());
            if (t != null) {
                marginal[t] = m.doubleValue();
            }
        }
        return marginal;
    }

    /** The shortfall as people read it. */
    static String shortfall(Plan p) {
        return String.format(Locale.ROOT, "commitments short by %.3f kWh", p.unmetCommitmentKwh());
    }

    /**
     * Replaces simultaneous charge and discharge by the one net flow that moves the same energy in or out of the
     * battery: {@code √η·c − d/√η} is kept, so the stored-energy trajectory is unchanged.
     */
    static void net(BatteryParams p, double[] c, double[] d) {
        double eta = p.oneWayEfficiency();
        for (int t = 0; t < c.length; t++) {
            if (c[t] > 1e-9 && d[t] > 1e-9) {
                double stored = eta * c[t] - d[t] / eta;
                c[t] = stored > 0 ? stored / eta : 0;
                d[t] = stored > 0 ? 0 : -stored * eta;
            }
            c[t] = Math.max(0, c[t]);
            d[t] = Math.max(0, d[t]);
        }
    }

    /** The LP of one request, built once and solved as often as needed. */
    private static final class Model {
        final ExpressionsBasedModel m = new ExpressionsBasedModel();
        final List<Variable> charge = new ArrayList<>();
        final List<Variable> discharge = new ArrayList<>();
        final List<Variable> energy = new ArrayList<>();
        final List<Variable> slack = new ArrayList<>();
        final List<Expression> storage = new ArrayList<>();

        Model(PlanRequest r) {
            BatteryParams p = r.battery();
            int n = r.intervals();
            double eta = p.oneWayEfficiency();
            // Measurements carry noise far below a watt-hour; within it, the simplex must not see an energy a hair
            // outside the window it is told to keep (ojalgo reports such a model infeasible).
            double e0 = Math.rint(r.initial().energyKwh() * 1e6) / 1e6;
            double eMin = Math.min(p.minKwh(), e0);
            double eMax = Math.max(p.maxKwh(), e0);
            boolean demand = r.demandChargePerKw() > 0;
            Variable peak = demand ? m.newVariable("peak").lower(0).weight(r.demandChargePerKw()) : null;
            for (int t = 0; t < n; t++) {
                double dt = r.hours(t);
                double deg = p.degradationCostPerKwh() * dt;
                double net = r.loadKw()[t] - r.pvKw()[t];
                double chargeCap = p.solarOnlyCharging() ? Math.min(p.maxChargeKw(), Math.max(0, -net)) : p.maxChargeKw();
                double pi = r.importPricePerKwh()[t] * dt;
                double px = r.exportPricePerKwh()[t] * dt;
                Variable c = m.newVariable("c" + t).lower(0).upper(chargeCap).weight(deg);
                Variable d = m.newVariable("d" + t).lower(0).upper(p.maxDischargeKw()).weight(deg);
                Variable imp = m.newVariable("i" + t).lower(0).weight(pi);
                Variable exp = m.newVariable("x" + t).lower(0).upper(r.maxExportKw()).weight(-px);
                Variable e = m.newVariable("e" + t).lower(eMin).upper(eMax).weight(t == n - 1 ? -r.terminalValuePerKwh() : 0);
                double lo = r.committedMinKw()[t];
                double hi = r.committedMaxKw()[t];
                boolean committed = Double.isFinite(lo) || Double.isFinite(hi);
                Variable sl = committed ? m.newVariable("s" + t).lower(0).weight(SLACK_PENALTY * dt) : null;
                charge.add(c);
                discharge.add(d);
                energy.add(e);
                slack.add(sl);
                m.newExpression("balance" + t).level(net).set(imp, 1).set(exp, -1).set(d, 1).set(c, -1);
                // e[t] - e[t-1] - dt*eta*c + dt/eta*d = (t == 0 ? e0 : 0)
                Expression st = m.newExpression("storage" + t).level(t == 0 ? e0 : 0);
                st.set(e, 1).set(c, -dt * eta).set(d, dt / eta);
                if (t > 0) {
                    st.set(energy.get(t - 1), -1);
                }
                storage.add(st);
                if (Double.isFinite(lo)) {
                    m.newExpression("commitMin" + t).lower(lo).set(d, 1).set(c, -1).set(sl, 1);
                }
                if (Double.isFinite(hi)) {
                    m.newExpression("commitMax" + t).upper(hi).set(d, 1).set(c, -1).set(sl, -1);
                }
                if (demand) {
                    m.newExpression("peak" + t).lower(0).set(peak, 1).set(imp, -1);
                }
            }
            // Daily cycle limits, per local day in the horizon.
            long firstDay = r.start().atZone(r.zone()).toLocalDate().toEpochDay();
            Expression day = null;
            long current = Long.MIN_VALUE;
            for (int t = 0; t < n; t++) {
                long dday = r.startOf(t).atZone(r.zone()).toLocalDate().toEpochDay();
                if (dday != current) {
                    current = dday;
                    double used = dday == firstDay && r.initial().day() == firstDay ? r.initial().dischargedTodayKwh() : 0;
                    double left = p.dailyDischargeKwh() - used;
                    day = m.newExpression("cycles" + dday).upper(left > 1e-6 ? left : 0);
                }
                day.set(discharge.get(t), r.hours(t) / eta);
            }
        }

        double value(Optimisation.Result res, Variable v) {
            return res.doubleValue(m.indexOf(v));
        }
    }
}
