package org.thermalcommons.edge.bess;

import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The general formulation: per interval charge c, discharge d, grid import i, export x and stored energy e, joined by
 * a balance row {@code i − x + d − c = load − pv}. It holds for any prices, export limit and commitment; the planner
 * uses it where {@link LeanLp} does not apply, and the tests use it as the reference the lean one is proven against.
 */
final class FullLp extends StorageLp {
    private final Variable[] charge;
    private final Variable[] discharge;

    FullLp(PlanRequest r) {
        super(r);
        BatteryParams p = r.battery();
        int n = r.intervals();
        charge = new Variable[n];
        discharge = new Variable[n];
        double eta = p.oneWayEfficiency();
        boolean demand = r.demandChargePerKw() > 0;
        Variable peak = demand ? model.newVariable("peak").lower(0).weight(r.demandChargePerKw()) : null;
        for (int t = 0; t < n; t++) {
            double dt = r.hours(t);
            double deg = p.degradationCostPerKwh() * dt;
            double net = r.loadKw()[t] - r.pvKw()[t];
            double chargeCap = p.solarOnlyCharging() ? Math.min(p.maxChargeKw(), Math.max(0, -net)) : p.maxChargeKw();
            Variable c = model.newVariable("c" + t).lower(0).upper(chargeCap).weight(deg);
            Variable d = model.newVariable("d" + t).lower(0).upper(p.maxDischargeKw()).weight(deg);
            Variable imp = model.newVariable("i" + t).lower(0).weight(r.importPricePerKwh()[t] * dt);
            Variable exp = model.newVariable("x" + t).lower(0).upper(r.maxExportKw()).weight(-r.exportPricePerKwh()[t] * dt);
            energy[t] = energyVariable(t);
            slack[t] = slackVariable(t);
            charge[t] = c;
            discharge[t] = d;
            model.newExpression("balance" + t).level(net).set(imp, 1).set(exp, -1).set(d, 1).set(c, -1);
            storageRow(t).set(c, -dt * eta).set(d, dt / eta);
            double lo = r.committedMinKw()[t];
            double hi = r.committedMaxKw()[t];
            if (Double.isFinite(lo)) {
                model.newExpression("commitMin" + t).lower(lo).set(d, 1).set(c, -1).set(slack[t], 1);
            }
            if (Double.isFinite(hi)) {
                model.newExpression("commitMax" + t).upper(hi).set(d, 1).set(c, -1).set(slack[t], -1);
            }
            if (demand) {
                model.newExpression("peak" + t).lower(0).set(peak, 1).set(imp, -1);
            }
        }
        Variable[][] dis = new Variable[n][];
        for (int t = 0; t < n; t++) {
            dis[t] = new Variable[] {discharge[t]};
        }
        cycleRows(dis);
    }

    @Override
    double chargeKw(Optimisation.Result res, int t) {
        return value(res, charge[t]);
    }

    @Override
    double dischargeKw(Optimisation.Result res, int t) {
        return value(res, discharge[t]);
    }
}
