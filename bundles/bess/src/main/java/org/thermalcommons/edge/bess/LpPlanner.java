package org.thermalcommons.edge.bess;

import java.util.List;
import java.util.Locale;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;

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
 * That is the {@link FullLp} formulation. Where it is exact ({@link LeanLp#applies}: export price between 0 and the
 * import price, no commitment capping the battery from above, an export limit that cannot bind — the production
 * case) the planner solves {@link LeanLp} instead: the same optimum and marginal values with a third fewer
 * columns, half the rows and no fixed variables (the charge and discharge split into bounded segments priced by
 * the grid flow they displace). An optimum may charge and discharge in the same interval only when that is free;
 * the result is netted so it never does (same stored-energy trajectory, see {@link #net}). One solve per plan: the
 * marginal value of stored energy in every interval is the dual of its storage constraint (the tests check it
 * against finite-difference re-solves). Should ojalgo ever report no dual for one of the first
 * {@value #FD_INTERVALS} intervals, that one gets a finite difference from the same model re-solved with its
 * storage level changed (ojalgo rebuilds its simplex on every solve; there is no warm start). The model is built
 * afresh for every plan: a new forecast changes nearly every coefficient.
 */
public final class LpPlanner {
    /** Penalty per kWh of unmet commitment: far above any energy price. */
    static final double SLACK_PENALTY = 1_000.0;
    /** Leading intervals that get a finite-difference marginal value when the solver reports no dual for them. */
    static final int FD_INTERVALS = 4;

    static {
        // ojalgo's presolvers tighten variable bounds from the rows they imply (the first interval's stored energy
        // from the energy now and the first interval's power limits) and the solver then books the dual of such a
        // bound on the variable, not on the storage row: the marginal value of the first interval came back wrong
        // (0.018 per kWh against a finite difference of 0.367, LeanLpTest). Every bound here is a variable bound
        // already, so there is nothing for a presolver to do. The presolver set is static in ojalgo, which this
        // bundle embeds privately (-conditionalpackage): nothing else shares it.
        ExpressionsBasedModel.clearPresolvers();
    }

    public LpPlanner() {
    }

    public Plan plan(PlanRequest r) {
        return solve(r, LeanLp.applies(r) ? new LeanLp(r) : new FullLp(r));
    }

    /** Solves {@code r} with the given formulation of it. */
    Plan solve(PlanRequest r, StorageLp lp) {
        long t0 = System.nanoTime();
        Optimisation.Result base = lp.model.minimise();
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
            c[t] = lp.chargeKw(base, t);
            d[t] = lp.dischargeKw(base, t);
            e[t] = lp.value(base, lp.energy[t]);
            slack += lp.value(base, lp.slack[t]) * r.hours(t);
        }
        double[] marginal = marginalValues(lp, base);
        // Should a storage row come back without a dual, the next hour or so gets a finite difference instead: the
        // same model re-solved with a little more energy in storage at that interval.
        double delta = Math.max(0.5, r.battery().capacityKwh() * 0.005);
        for (int t = 0; t < Math.min(FD_INTERVALS, n); t++) {
            if (Double.isNaN(marginal[t])) {
                Expression st = lp.storage[t];
                double level = st.getLowerLimit().doubleValue();
                st.level(level + delta);
                Optimisation.Result more = lp.model.minimise();
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
                slack > 1e-6 ? slack : 0, lp.objective(base), (System.nanoTime() - t0) / 1e6, List.of());
    }

    /**
     * The marginal value of stored energy per interval: the dual of each storage constraint, as ojalgo matches its
     * multipliers to our expressions (the objective's change per kWh more in storage at that interval). NaN where
     * ojalgo reports none (a constraint its presolver removed).
     */
    private static double[] marginalValues(StorageLp lp, Optimisation.Result base) {
        double[] marginal = new double[lp.storage.length];
        java.util.Arrays.fill(marginal, Double.NaN);
        // By name: where a variable of the row is fixed (no charging without PV surplus), ojalgo hands its solver a
        // compensated copy of our expression, and the multiplier comes back matched to that copy.
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int t = 0; t < lp.storage.length; t++) {
            index.put(lp.storage[t].getName(), t);
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
}
