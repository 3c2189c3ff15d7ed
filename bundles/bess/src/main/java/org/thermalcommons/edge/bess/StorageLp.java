package org.thermalcommons.edge.bess;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * One LP formulation of a {@link PlanRequest}, built once and solved as often as needed. Every formulation keeps
 * the stored energy e[t] as a variable and one storage row per interval, {@code e[t] − e[t−1] − h·√η·c + h·d/√η =
 * (t == 0 ? e0 : 0)}, so the dual of that row is the marginal value of stored energy whatever else differs.
 */
abstract class StorageLp {
    final ExpressionsBasedModel model = new ExpressionsBasedModel();
    final PlanRequest request;
    final Expression[] storage;
    final Variable[] energy;
    final Variable[] slack;
    /** Energy now, rounded to a micro-kWh; the window is widened to include it. */
    final double e0;
    final double eMin;
    final double eMax;

    StorageLp(PlanRequest r) {
        request = r;
        int n = r.intervals();
        storage = new Expression[n];
        energy = new Variable[n];
        slack = new Variable[n];
        BatteryParams p = r.battery();
        // Measurements carry noise far below a watt-hour; within it, the simplex must not see an energy a hair
        // outside the window it is told to keep (ojalgo reports such a model infeasible).
        e0 = Math.rint(r.initial().energyKwh() * 1e6) / 1e6;
        eMin = Math.min(p.minKwh(), e0);
        eMax = Math.max(p.maxKwh(), e0);
    }

    /** Battery charge power (kW, ≥ 0) of interval {@code t} in a solution. */
    abstract double chargeKw(Optimisation.Result res, int t);

    /** Battery discharge power (kW, ≥ 0) of interval {@code t} in a solution. */
    abstract double dischargeKw(Optimisation.Result res, int t);

    /** The plan's cost in a solution: the solver's objective plus whatever constant the formulation left out. */
    double objective(Optimisation.Result res) {
        return res.getValue();
    }

    final double value(Optimisation.Result res, Variable v) {
        return v == null ? 0 : res.doubleValue(model.indexOf(v));
    }

    final Variable energyVariable(int t) {
        double terminal = t == request.intervals() - 1 ? -request.terminalValuePerKwh() : 0;
        return model.newVariable("e" + t).lower(eMin).upper(eMax).weight(terminal);
    }

    /** The storage row of interval t, holding e[t] and e[t−1]; the caller adds charge and discharge. */
    final Expression storageRow(int t) {
        Expression st = model.newExpression("storage" + t).level(t == 0 ? e0 : 0);
        st.set(energy[t], 1);
        if (t > 0) {
            st.set(energy[t - 1], -1);
        }
        storage[t] = st;
        return st;
    }

    /** The shortfall slack of a committed interval, penalised far above any energy price; null where none. */
    final Variable slackVariable(int t) {
        boolean committed = Double.isFinite(request.committedMinKw()[t]) || Double.isFinite(request.committedMaxKw()[t]);
        return committed ? model.newVariable("s" + t).lower(0).weight(LpPlanner.SLACK_PENALTY * request.hours(t)) : null;
    }

    /**
     * Daily cycle limits, per local day in the horizon: Σ h·d/√η ≤ cycles·capacity (minus what today already
     * discharged). {@code discharge[t]} holds the variables whose sum is interval t's discharge power.
     */
    final void cycleRows(Variable[][] discharge) {
        PlanRequest r = request;
        BatteryParams p = r.battery();
        double eta = p.oneWayEfficiency();
        long firstDay = r.start().atZone(r.zone()).toLocalDate().toEpochDay();
        Expression day = null;
        long current = Long.MIN_VALUE;
        for (int t = 0; t < r.intervals(); t++) {
            long dday = r.startOf(t).atZone(r.zone()).toLocalDate().toEpochDay();
            if (dday != current) {
                current = dday;
                double used = dday == firstDay && r.initial().day() == firstDay ? r.initial().dischargedTodayKwh() : 0;
                double left = p.dailyDischargeKwh() - used;
                day = model.newExpression("cycles" + dday).upper(left > 1e-6 ? left : 0);
            }
            for (Variable v : discharge[t]) {
                if (v != null) {
                    day.set(v, r.hours(t) / eta);
                }
            }
        }
    }
}
