package org.thermalcommons.edge.bench.bess;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.bess.BatteryModel;
import org.thermalcommons.edge.bess.BatteryParams;
import org.thermalcommons.edge.bess.BatteryState;
import org.thermalcommons.edge.bess.LpPlanner;
import org.thermalcommons.edge.bess.Plan;
import org.thermalcommons.edge.bess.PlanRequest;
import org.thermalcommons.edge.bess.SiteParams;
import org.thermalcommons.edge.bess.Template;
import org.thermalcommons.edge.bess.TemplateDispatcher;
import org.thermalcommons.edge.sim.SimYear;

/**
 * LP solve times (96 and 672 intervals of 15 min), and a year of the simulated building (hourly intervals) dispatched
 * three ways, valued as the grid bill saved against no battery at the true prices: the LP with perfect foresight, the
 * LP re-planned every hour on forecasts with error (load ±10 %, PV ±25 %, prices ±10 %, AR(1) noise), and the best
 * of the templates T0–T6 (no DG on this site, firm evening target 17–21 h at the best of several levels).
 */
public final class BessSuite implements Suite {
    static final ZoneOffset ZONE = ZoneOffset.ofHours(8);
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z").minusSeconds(8 * 3600);
    static final BatteryParams BATTERY = new BatteryParams(200, 100, 100, 5, 95, 0.87, 1.0, true, 0.02);
    static final double[] TOU = {0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.15, 0.18, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.25,
        0.30, 0.35, 0.40, 0.40, 0.35, 0.25, 0.18, 0.15, 0.12};
    static final double EXPORT_FACTOR = 0.6;
    static final int DAYS = Integer.getInteger("bess.days", 365);

    @Override
    public String name() {
        return "bess";
    }

    @Override
    public void run(Figures figures) throws Exception {
        solveTimes(figures);
        valueStudy(figures);
    }

    private void solveTimes(Figures figures) {
        double[][] data = SimYear.series(1, START, 8, 15, 250);
        LpPlanner lp = new LpPlanner(0);
        for (int w = 0; w < 10; w++) {
            lp.plan(request(data, 0, 96, 0.25, BatteryState.atSoc(BATTERY, 50, day(START))));
        }
        long[] t96 = new long[60];
        for (int i = 0; i < t96.length; i++) {
            int offset = (i * 7) % (data[0].length - 96);
            long t = System.nanoTime();
            Plan p = lp.plan(request(data, offset, 96, 0.25, BatteryState.atSoc(BATTERY, 20 + i % 60, day(START))));
            t96[i] = System.nanoTime() - t;
            check(p);
        }
        figures.report("lp96_p50_ms", Figures.percentile(t96, 50) / 1e6, "ms");
        figures.report("lp96_p99_ms", Figures.percentile(t96, 99) / 1e6, "ms");
        long[] t672 = new long[5];
        for (int i = 0; i < t672.length; i++) {
            long t = System.nanoTime();
            Plan p = lp.plan(request(data, i * 4, 672, 0.25, BatteryState.atSoc(BATTERY, 50, day(START))));
            t672[i] = System.nanoTime() - t;
            check(p);
        }
        figures.report("lp672_p50_ms", Figures.percentile(t672, 50) / 1e6, "ms");
    }

    private static void check(Plan p) {
        if (!p.feasible()) {
            throw new IllegalStateException("benchmark plan infeasible: " + p.problems());
        }
    }

    static long day(Instant t) {
        return t.atZone(ZONE).toLocalDate().toEpochDay();
    }

    static PlanRequest request(double[][] data, int offset, int n, double dt, BatteryState s) {
        double[] load = Arrays.copyOfRange(data[0], offset, offset + n);
        double[] pv = Arrays.copyOfRange(data[1], offset, offset + n);
        Instant start = START.plusSeconds((long) (offset * dt * 3600));
        double[] imp = new double[n];
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            imp[i] = TOU[start.plusSeconds((long) (i * dt * 3600)).atZone(ZONE).getHour()];
            exp[i] = imp[i] * EXPORT_FACTOR;
        }
        return new PlanRequest(BATTERY, s, start, ZONE, dt, load, pv, imp, exp, PlanRequest.noCommitments(n), 0, 0.12 * 0.87, 1e6);
    }

    /** Grid bill of one interval at true prices. */
    static double bill(double loadKw, double pvKw, double batteryKw, double price, double dt) {
        double grid = loadKw - pvKw - batteryKw;
        return (grid > 0 ? grid * price : grid * price * EXPORT_FACTOR) * dt;
    }

    private void valueStudy(Figures figures) {
        int perDay = 24;
        double dt = 1.0;
        double[][] truth = SimYear.series(7, START, DAYS + 2, 60, 250);
        int n = DAYS * perDay;
        double[] price = new double[n + 2 * perDay];
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < price.length; i++) {
            price[i] = TOU[i % 24] * (0.85 + 0.3 * rnd.nextDouble());
        }
        double base = 0;
        for (int i = 0; i < n; i++) {
            base += bill(truth[0][i], truth[1][i], 0, price[i], dt);
        }
        double foresight = base - runLp(truth, truth, price, price, n, 24, dt);
        // Forecasts with error (AR(1) multiplicative noise), re-drawn for every plan.
        double rolling = base - runRolling(truth, price, n, dt);
        double bestTemplate = Double.NEGATIVE_INFINITY;
        Template best = null;
        for (Template t : Template.values()) {
            for (double target : new double[] {20, 40, 60, 80}) {
                double v = base - runTemplate(t, target, truth, price, n, dt);
                if (v > bestTemplate) {
                    bestTemplate = v;
                    best = t;
                }
            }
        }
        System.err.printf("bess: %d days; bill without battery %.0f; savings: foresight %.0f, rolling LP %.0f, best template %s %.0f%n",
                DAYS, base, foresight, rolling, best, bestTemplate);
        figures.report("value_vs_foresight", rolling / foresight, "ratio");
        figures.report("value_vs_best_template", rolling / bestTemplate, "ratio");
    }

    /** Plans each day at once on the given series, executes through the model against the truth; returns the bill. */
    private static double runLp(double[][] truth, double[][] forecast, double[] truePrice, double[] forecastPrice, int n,
                                int replanEvery, double dt) {
        LpPlanner lp = new LpPlanner(0);
        BatteryState s = BatteryState.atSoc(BATTERY, 50, day(START));
        double bill = 0;
        for (int start = 0; start < n; start += replanEvery) {
            Plan p = lp.plan(priced(forecast, forecastPrice, start, 48, dt, s));
            for (int k = 0; k < replanEvery && start + k < n; k++) {
                int i = start + k;
                BatteryModel.Step step = executed(s, p.batteryKw(k), truth, i, dt);
                s = step.next();
                bill += bill(truth[0][i], truth[1][i], step.actualKw(), truePrice[i], dt);
            }
        }
        return bill;
    }

    /** The battery doing what the plan asked, against the true PV surplus. */
    private static BatteryModel.Step executed(BatteryState s, double kw, double[][] truth, int i, double dt) {
        double surplus = Math.max(0, truth[1][i] - truth[0][i]);
        long d = day(START.plusSeconds((long) (i * dt * 3600)));
        return BatteryModel.step(BATTERY, s, kw, BATTERY.solarOnlyCharging() ? surplus : Double.MAX_VALUE, dt, d);
    }

    private static PlanRequest priced(double[][] series, double[] price, int offset, int n, double dt, BatteryState s) {
        double[] load = Arrays.copyOfRange(series[0], offset, offset + n);
        double[] pv = Arrays.copyOfRange(series[1], offset, offset + n);
        double[] imp = Arrays.copyOfRange(price, offset, offset + n);
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            exp[i] = imp[i] * EXPORT_FACTOR;
        }
        Instant start = START.plusSeconds((long) (offset * dt * 3600));
        return new PlanRequest(BATTERY, s, start, ZONE, dt, load, pv, imp, exp, PlanRequest.noCommitments(n), 0, 0.12 * 0.87, 1e6);
    }

    private static double runRolling(double[][] truth, double[] price, int n, double dt) {
        LpPlanner lp = new LpPlanner(0);
        SplittableRandom rnd = new SplittableRandom(99);
        BatteryState s = BatteryState.atSoc(BATTERY, 50, day(START));
        double bill = 0;
        int h = 48;
        for (int i = 0; i < n; i++) {
            double[][] f = {new double[h], new double[h]};
            double[] fp = new double[h];
            double el = 0;
            double ep = 0;
            double epr = 0;
            for (int k = 0; k < h; k++) {
                // Error grows with lead time; the first hour is nearly known.
                double lead = Math.min(1, k / 12.0);
                el = 0.8 * el + 0.6 * rnd.nextGaussian() * 0.10;
                ep = 0.8 * ep + 0.6 * rnd.nextGaussian() * 0.25;
                epr = 0.8 * epr + 0.6 * rnd.nextGaussian() * 0.10;
                f[0][k] = truth[0][i + k] * (1 + lead * el);
                f[1][k] = Math.max(0, truth[1][i + k] * (1 + lead * ep));
                fp[k] = price[i + k] * (1 + lead * epr);
            }
            double[][] window = {new double[i + h], new double[i + h]};
            System.arraycopy(f[0], 0, window[0], i, h);
            System.arraycopy(f[1], 0, window[1], i, h);
            double[] wp = new double[i + h];
            System.arraycopy(fp, 0, wp, i, h);
            Plan p = lp.plan(priced(window, wp, i, h, dt, s));
            BatteryModel.Step step = executed(s, p.feasible() ? p.batteryKw(0) : 0, truth, i, dt);
            s = step.next();
            bill += bill(truth[0][i], truth[1][i], step.actualKw(), price[i], dt);
        }
        return bill;
    }

    private static double runTemplate(Template t, double targetKw, double[][] truth, double[] price, int n, double dt) {
        double[] surplus = new double[n];
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            surplus[i] = Math.max(0, truth[1][i] - truth[0][i]);
            int hour = START.plusSeconds((long) (i * dt * 3600)).atZone(ZONE).getHour();
            target[i] = hour >= 17 && hour < 21 ? targetKw : 0;
        }
        TemplateDispatcher.Run run = TemplateDispatcher.run(t, SiteParams.of(BATTERY, 0), surplus, target, START, ZONE, dt,
                BatteryState.atSoc(BATTERY, 50, day(START)));
        double bill = 0;
        for (int i = 0; i < n; i++) {
            bill += bill(truth[0][i], truth[1][i], run.intervals().get(i).batteryKw(), price[i], dt);
        }
        return bill;
    }
}
