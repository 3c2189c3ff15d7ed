package org.thermalcommons.edge.bess;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The same LP as {@link FullLp} without grid variables or balance rows, for requests where that is exact. With
 * net = load − pv, surplus s = max(0, −net) and deficit q = max(0, net), the grid's cost of a battery power is
 * convex and piecewise linear with one kink at zero grid flow, so each flow is split at that kink into segments with
 * variable bounds, priced by what they displace:
 * <pre>
 *  charge     cs ≤ min(cap, s)          h·(px + deg)   (PV surplus that is not exported)
 *             cg ≤ cap − min(cap, s)    h·(pi + deg)   (bought; cap = 0 beyond the surplus when solar-only)
 *  discharge  dq ≤ min(D, q)            h·(deg − pi)   (import saved)
 *             dx ≤ D − min(D, q)        h·(deg − px)   (exported)
 * </pre>
 * plus the constant Σ h·(pi·q − px·s) (the bill without battery), added back to the objective. A cheaper segment
 * always fills first, so the cost of a flow equals the full model's. The full model also prices a simultaneous
 * charge and discharge through the net grid flow, which the segments do not; replacing such a pair by its net flow
 * (same stored energy) never costs more when {@code 0 ≤ px ≤ pi}, the export limit cannot bind and no commitment
 * caps the battery's power from above (it lowers wear, raises the battery's output, discharges less). Under exactly
 * those conditions ({@link #applies}) both LPs have the same optimum, and the same value as a function of every
 * storage level, hence the same marginal values; the tests prove it on fixed and random cases.
 * Rows: one storage row per interval, one cycle row per local day, and only where asked: one per commitment, one
 * per interval for a demand charge ({@code peak ≥ net + c − d}).
 */
final class LeanLp extends StorageLp {
    /** Segment variables per interval: [cs, cg, dq, dx]; null where a segment's bound is 0. */
    private final Variable[][] seg;
    private double constant;

    /** Whether this formulation has exactly the full model's optimum for {@code r}. */
    static boolean applies(PlanRequest r) {
        BatteryParams p = r.battery();
        for (int t = 0; t < r.intervals(); t++) {
            double pi = r.importPricePerKwh()[t];
            double px = r.exportPricePerKwh()[t];
            double surplus = Math.max(0, r.pvKw()[t] - r.loadKw()[t]);
            if (!(px >= 0 && px <= pi) || Double.isFinite(r.committedMaxKw()[t])
                    || r.maxExportKw() < p.maxDischargeKw() + surplus) {
                return false;
            }
        }
        return true;
    }

    LeanLp(PlanRequest r) {
        super(r);
        // ojalgo picks its sparse revised store above 2000 columns, and the week-ahead model lands just above that
        // (≈ 3 columns per interval): the dense tableau solves it 3–4× faster (170–210 ms CPU against 580–1450 ms).
        model.options.sparse = Boolean.FALSE;
        BatteryParams p = r.battery();
        int n = r.intervals();
        seg = new Variable[n][];
        double eta = p.oneWayEfficiency();
        double wear = p.degradationCostPerKwh();
        boolean demand = r.demandChargePerKw() > 0;
        Variable peak = demand ? model.newVariable("peak").lower(0).weight(r.demandChargePerKw()) : null;
        for (int t = 0; t < n; t++) {
            double h = r.hours(t);
            double net = r.loadKw()[t] - r.pvKw()[t];
            double surplus = Math.max(0, -net);
            double deficit = Math.max(0, net);
            double pi = r.importPricePerKwh()[t];
            double px = r.exportPricePerKwh()[t];
            constant += h * (pi * deficit - px * surplus);
            double cap = p.solarOnlyCharging() ? Math.min(p.maxChargeKw(), surplus) : p.maxChargeKw();
            double cs = Math.min(cap, surplus);
            double dq = Math.min(p.maxDischargeKw(), deficit);
            Variable[] v = {
                segment("cs", t, cs, h * (px + wear)),
                segment("cg", t, cap - cs, h * (pi + wear)),
                segment("dq", t, dq, h * (wear - pi)),
                segment("dx", t, p.maxDischargeKw() - dq, h * (wear - px))};
            seg[t] = v;
            energy[t] = energyVariable(t);
            slack[t] = slackVariable(t);
            Expression st = storageRow(t);
            set(st, v, -h * eta, h / eta);
            double lo = r.committedMinKw()[t];
            if (Double.isFinite(lo)) {
                Expression commit = model.newExpression("commitMin" + t).lower(lo).set(slack[t], 1);
                set(commit, v, -1, 1);
            }
            if (demand) {
                // peak ≥ net + c − d (and ≥ 0): the import in every interval
                Expression row = model.newExpression("peak" + t).lower(net).set(peak, 1);
                set(row, v, -1, 1);
            }
        }
        Variable[][] dis = new Variable[n][];
        for (int t = 0; t < n; t++) {
            dis[t] = new Variable[] {seg[t][2], seg[t][3]};
        }
        cycleRows(dis);
    }

    private Variable segment(String name, int t, double upper, double weight) {
        return upper > 1e-9 ? model.newVariable(name + t).lower(0).upper(upper).weight(weight) : null;
    }

    private static void set(Expression row, Variable[] v, double charge, double discharge) {
        for (int k = 0; k < 4; k++) {
            if (v[k] != null) {
                row.set(v[k], k < 2 ? charge : discharge);
            }
        }
    }

    @Override
    double chargeKw(Optimisation.Result res, int t) {
        return value(res, seg[t][0]) + value(res, seg[t][1]);
    }

    @Override
    double dischargeKw(Optimisation.Result res, int t) {
        return value(res, seg[t][2]) + value(res, seg[t][3]);
    }

    @Override
    double objective(Optimisation.Result res) {
        return res.getValue() + constant;
    }
}
