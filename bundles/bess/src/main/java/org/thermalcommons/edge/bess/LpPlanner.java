package org.thermalcommons.edge.bess;

import java.util.ArrayList;
import java.util.List;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * Optimal battery plan as a linear programme (ojalgo {@link ExpressionsBasedModel}). Per interval t:
 * charge c, discharge d, grid import i, export x, stored energy e, commitment slack s; one peak variable.
 * <pre>
 *  minimise  Σ dt (pi·i − px·x + deg·(c + d) + M·s) + demand·peak − terminal·e[N−1]
 *  balance   i − x + d − c = load − pv
 *  storage   e[t] = e[t−1] + dt·(√η·c − d/√η)            (e[−1] = energy now)
 *  window    socMin ≤ e ≤ socMax;  0 ≤ c ≤ maxCharge;  0 ≤ d ≤ maxDischarge
 *  solar     c ≤ max(0, pv − load)                        (when charging is solar-only)
 *  cycles    Σ_{t in local day} dt·d/√η ≤ cycles·capacity (minus what today already discharged)
 *  trades    x − i + s ≥ committed                         (s ≥ 0 penalised by M, reported)
 *  peak      peak ≥ i
 * </pre>
 * An optimum may charge and discharge in the same interval only when that is free; the result is netted so it never
 * does (same stored-energy trajectory, see {@link #net}).
 */
public final class LpPlanner {
    /** Penalty per kWh of unmet commitment: far above any energy price. */
    static final double SLACK_PENALTY = 1_000.0;
    private final int marginalIntervals;

    /** @param marginalIntervals how many leading intervals get a marginal value of stored energy (extra solves each) */
    public LpPlanner(int marginalIntervals) {
        this.marginalIntervals = marginalIntervals;
    }

    public Plan plan(PlanRequest r) {
        long t0 = System.nanoTime();
        Solved base = solve(r, -1, 0);
        double solveMs = (System.nanoTime() - t0) / 1e6;
        if (!base.ok) {
            return new Plan(r.start(), r.dtHours(), new double[0], new double[0], new double[0], new double[0],
                    new double[0], new double[0], 0, Double.NaN, solveMs, List.of("LP not solved: " + base.state));
        }
        int k = Math.min(marginalIntervals, r.intervals());
        double[] marginal = new double[k];
        double delta = Math.max(0.5, r.battery().capacityKwh() * 0.005);
        for (int t = 0; t < k; t++) {
            Solved more = solve(r, t, delta);
            marginal[t] = more.ok ? (base.objective - more.objective) / delta : Double.NaN;
        }
        int n = r.intervals();
        double[] c = new double[n];
        double[] d = new double[n];
        double[] imp = new double[n];
        double[] exp = new double[n];
        double[] e = new double[n];
        double slack = 0;
        for (int t = 0; t < n; t++) {
            c[t] = base.value(base.charge.get(t));
            d[t] = base.value(base.discharge.get(t));
            e[t] = base.value(base.energy.get(t));
            slack += base.slack.get(t) == null ? 0 : base.value(base.slack.get(t)) * r.dtHours();
        }
        net(r.battery(), c, d);
        for (int t = 0; t < n; t++) {
            double grid = r.loadKw()[t] - r.pvKw()[t] - d[t] + c[t];
            imp[t] = Math.max(0, grid);
            exp[t] = Math.max(0, -grid);
        }
        List<String> problems = new ArrayList<>();
        if (slack > 1e-6) {
            problems.add(String.format(java.util.Locale.ROOT, "commitments short by %.3f kWh", slack));
        }
        return new Plan(r.start(), r.dtHours(), c, d, imp, exp, e, marginal, slack, base.objective,
                (System.nanoTime() - t0) / 1e6, problems.isEmpty() || slack <= 1e-6 ? List.of() : problems);
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

    private static final class Solved {
        boolean ok;
        String state;
        double objective;
        Optimisation.Result result;
        ExpressionsBasedModel model;
        final List<Variable> charge = new ArrayList<>();
        final List<Variable> discharge = new ArrayList<>();
        final List<Variable> energy = new ArrayList<>();
        final List<Variable> slack = new ArrayList<>();

        double value(Variable v) {
            return result.doubleValue(model.indexOf(v));
        }
    }

    /** Solves; when {@code injectAt >= 0}, {@code injectKwh} extra energy appears in storage at that interval. */
    private static Solved solve(PlanRequest r, int injectAt, double injectKwh) {
        BatteryParams p = r.battery();
        int n = r.intervals();
        double dt = r.dtHours();
        double eta = p.oneWayEfficiency();
        double e0 = r.initial().energyKwh();
        double eMin = Math.min(p.minKwh(), e0);
        double eMax = Math.max(p.maxKwh(), e0);
        Solved s = new Solved();
        ExpressionsBasedModel m = new ExpressionsBasedModel();
        s.model = m;
        boolean demand = r.demandChargePerKw() > 0;
        Variable peak = demand ? m.newVariable("peak").lower(0).weight(r.demandChargePerKw()) : null;
        double deg = p.degradationCostPerKwh() * dt;
        for (int t = 0; t < n; t++) {
            double net = r.loadKw()[t] - r.pvKw()[t];
            double chargeCap = p.solarOnlyCharging() ? Math.min(p.maxChargeKw(), Math.max(0, -net)) : p.maxChargeKw();
            Variable c = m.newVariable("c" + t).lower(0).upper(chargeCap).weight(deg);
            Variable d = m.newVariable("d" + t).lower(0).upper(p.maxDischargeKw()).weight(deg);
            Variable imp = m.newVariable("i" + t).lower(0).weight(r.importPricePerKwh()[t] * dt);
            Variable exp = m.newVariable("x" + t).lower(0).upper(r.maxExportKw()).weight(-r.exportPricePerKwh()[t] * dt);
            Variable e = m.newVariable("e" + t).lower(eMin).upper(eMax).weight(t == n - 1 ? -r.terminalValuePerKwh() : 0);
            boolean committed = Double.isFinite(r.committedExportKw()[t]);
            Variable sl = committed ? m.newVariable("s" + t).lower(0).weight(SLACK_PENALTY * dt) : null;
            s.charge.add(c);
            s.discharge.add(d);
            s.energy.add(e);
            s.slack.add(sl);
            Expression bal = m.newExpression("balance" + t).level(net);
            bal.set(imp, 1).set(exp, -1).set(d, 1).set(c, -1);
            // e[t] - e[t-1] - dt*eta*c + dt/eta*d = (t == 0 ? e0 : 0) + injection
            double level = (t == 0 ? e0 : 0) + (t == injectAt ? injectKwh : 0);
            Expression st = m.newExpression("storage" + t).level(level);
            st.set(e, 1).set(c, -dt * eta).set(d, dt / eta);
            if (t > 0) {
                st.set(s.energy.get(t - 1), -1);
            }
            if (committed) {
                m.newExpression("commit" + t).lower(r.committedExportKw()[t]).set(exp, 1).set(imp, -1).set(sl, 1);
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
            long dday = r.start().plusNanos((long) (t * dt * 3.6e12)).atZone(r.zone()).toLocalDate().toEpochDay();
            if (dday != current) {
                current = dday;
                double used = dday == firstDay && r.initial().day() == firstDay ? r.initial().dischargedTodayKwh() : 0;
                day = m.newExpression("cycles" + dday).upper(Math.max(0, p.dailyDischargeKwh() - used));
            }
            day.set(s.discharge.get(t), dt / eta);
        }
        Optimisation.Result res = m.minimise();
        s.result = res;
        s.state = res.getState().toString();
        s.ok = res.getState().isFeasible();
        s.objective = res.getValue();
        return s;
    }
}
