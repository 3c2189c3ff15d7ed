package org.thermalcommons.edge.bench.bess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.bess.BatteryState;
import org.thermalcommons.edge.bess.Dispatcher;
import org.thermalcommons.edge.bess.DispatchSettings;
import org.thermalcommons.edge.bess.LpPlanner;
import org.thermalcommons.edge.bess.Plan;
import org.thermalcommons.edge.bess.PlanRequest;
import org.thermalcommons.edge.bess.RunMetrics;
import org.thermalcommons.edge.bess.SiteParams;
import org.thermalcommons.edge.bess.Template;
import org.thermalcommons.edge.bess.TemplateDispatcher;

/**
 * The battery dispatch as a user would judge it. The production path (the {@link Dispatcher} with the production
 * configuration {@code edge-config/org.thermalcommons.edge.bess.Dispatch.cfg}: its own forecaster learning from the
 * measured history, the LP, its interval and re-plan logic, its limits) runs against the simulated building in
 * one-minute cycles over representative weeks (a Monday-to-Sunday week in each month, after two warm-up days the
 * forecaster learns from), and is valued as the grid bill saved against no battery at the published tariff (the
 * price it also plans with: no future information). Baselines on the same building and weeks: the LP with perfect
 * foresight (true interval means, planned daily), a self-consumption rule and a time-of-use rule. Separately, the
 * templates T0–T6 on the same PV with a diesel generator and a firm evening delivery target. Plan times are those of
 * the production plans made in the run (96 intervals), and of 672-interval plans on the same data.
 */
public final class BessSuite implements Suite {
    static final double PV_KWP = 250;
    static final int WEEKS = Integer.getInteger("bess.weeks", 12);
    static final int WARMUP_DAYS = 2;
    static final double DG_KW = 50;
    static final double FIRM_TARGET_KW = 60;
    static final int THREADS = Integer.getInteger("bess.threads", 2);

    @Override
    public String name() {
        return "bess";
    }

    static DispatchSettings production() throws IOException {
        Path cfg = Path.of(System.getProperty("cool.edge.repo", "."), "edge-config", "org.thermalcommons.edge.bess.Dispatch.cfg");
        Map<String, String> props = new HashMap<>();
        for (String line : Files.readAllLines(cfg)) {
            line = line.trim();
            if (!line.isEmpty() && !line.startsWith("#") && line.contains("=")) {
                props.put(line.substring(0, line.indexOf('=')).trim(), line.substring(line.indexOf('=') + 1).trim());
            }
        }
        return DispatchSettings.fromProperties(props);
    }

    @Override
    public void run(Figures figures) throws Exception {
        DispatchSettings s = production();
        double none = 0;
        double rolling = 0;
        double foresight = 0;
        double selfUse = 0;
        double tou = 0;
        long plans = 0;
        long replans = 0;
        long intervals = 0;
        List<Long> planNanos = new ArrayList<>();
        List<double[][]> truths = new ArrayList<>();
        List<Instant> truthStarts = new ArrayList<>();
        long wall = System.nanoTime();
        // Weeks are independent (each its own building, follower and forecaster): two at a time, one per core.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
        List<java.util.concurrent.Future<Week>> futures = new ArrayList<>();
        for (int w = 0; w < WEEKS; w++) {
            int week = w;
            futures.add(pool.submit(() -> week(s, week)));
        }
        pool.shutdown();
        for (java.util.concurrent.Future<Week> f : futures) {
            Week r = f.get();
            truths.add(r.truth());
            truthStarts.add(r.truthStart());
            planNanos.addAll(r.planNanos());
            plans += r.plans();
            replans += r.replans();
            intervals += r.intervals();
            none += r.billNone();
            rolling += r.rolling();
            foresight += r.foresight();
            selfUse += r.selfUse();
            tou += r.tou();
        }
        System.err.printf(Locale.ROOT, "bess: %d representative weeks (one a month from January, Mon-Sun, each after %d warm-up days) at "
                        + "%d-minute intervals, 1-minute cycles, %.0f s; bill without battery %.0f, saved: production LP %.0f, "
                        + "perfect foresight %.0f, self-consumption %.0f, TOU rule %.0f%n", WEEKS, WARMUP_DAYS,
                s.intervalMinutes(), (System.nanoTime() - wall) / 1e9, none, rolling, foresight, selfUse, tou);
        figures.report("value_vs_foresight", rolling / foresight, "ratio");
        figures.report("value_vs_self_consumption", rolling / selfUse, "ratio");
        figures.report("value_vs_tou_rule", rolling / tou, "ratio");
        figures.report("replans_per_interval", (double) plans / intervals, "plans/interval");
        System.err.printf(Locale.ROOT, "bess: %d plans in %d intervals, %d of them on SOC deviation%n", plans, intervals, replans);
        templates(figures, s, truths);
        long[] t96 = planNanos.stream().mapToLong(Long::longValue).toArray();
        figures.report("plan96_p50_ms", Figures.percentile(t96, 50) / 1e6, "ms");
        figures.report("plan96_p99_ms", Figures.percentile(t96, 99) / 1e6, "ms");
        double[] t672 = plan672(s, truths.get(0), truthStarts.get(0));
        figures.report("plan672_p50_ms", t672[0], "ms");
        // The planning thread's own CPU time: what the plan costs where the core is not shared with other work.
        figures.report("plan672_p50_cpu_ms", t672[1], "ms");
    }

    /** One week's results. */
    record Week(double[][] truth, Instant truthStart, List<Long> planNanos, long plans, long replans, long intervals,
                double billNone, double rolling, double foresight, double selfUse, double tou) {
    }

    static LocalDate monday(int w) {
        return LocalDate.of(2026, 1 + w * 12 / WEEKS, 8).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    }

    private static Week week(DispatchSettings s, int w) {
        int perDay = 1440 / s.intervalMinutes();
        LocalDate monday = monday(w);
        Instant from = monday.atStartOfDay(s.zone()).toInstant();
        Instant warm = from.minus(Duration.ofDays(WARMUP_DAYS));
        Instant to = from.plus(Duration.ofDays(7));
        long seed = 7 + w;
        double[][] truth = SiteLoop.truth(s, seed, warm, (WARMUP_DAYS + 9) * perDay);
        double billNone = SiteLoop.run(s, seed, warm, from, to, Baselines.idle(s)).bill();
        // The production follower; its planner runs on the loop's thread so a plan is in force at once, and timed.
        List<Long> times = new ArrayList<>();
        Executor timed = r -> {
            long t0 = System.nanoTime();
            r.run();
            times.add(System.nanoTime() - t0);
        };
        Dispatcher d = new Dispatcher(s, timed);
        long[] atFrom = new long[2];
        SiteLoop.Result lp = SiteLoop.run(s, seed, warm, from, to, ctx -> {
            if (ctx.now().equals(from)) {
                atFrom[0] = d.counters().plans();
                atFrom[1] = d.counters().replans();
                times.clear();
            }
            d.run(ctx);
        });
        double billFs = SiteLoop.run(s, seed, warm, from, to, Baselines.foresight(s, truth, warm)).bill();
        double billSelf = SiteLoop.run(s, seed, warm, from, to, Baselines.selfConsumption(s)).bill();
        double billTou = SiteLoop.run(s, seed, warm, from, to, Baselines.touRule(s)).bill();
        System.err.printf(Locale.ROOT, "bess: week of %s: bill without battery %.0f; saved: production LP %.0f (%.2f cycles/day), "
                        + "perfect-foresight LP %.0f, self-consumption %.0f, TOU rule %.0f%n", monday, billNone,
                billNone - lp.bill(), lp.dischargedKwh() / 7 / s.battery().capacityKwh(), billNone - billFs,
                billNone - billSelf, billNone - billTou);
        return new Week(truth, warm, times, d.counters().plans() - atFrom[0], d.counters().replans() - atFrom[1],
                7L * perDay, billNone, billNone - lp.bill(), billNone - billFs, billNone - billSelf, billNone - billTou);
    }

    /** The templates on the weeks' PV surplus, with a DG and a firm evening target. */
    private static void templates(Figures figures, DispatchSettings s, List<double[][]> truths) {
        int perDay = 1440 / s.intervalMinutes();
        SiteParams site = SiteParams.of(s.battery(), DG_KW);
        double best = 0;
        for (Template t : Template.values()) {
            double delivered = 0;
            double dgHours = 0;
            double fuel = 0;
            double green = 0;
            for (int w = 0; w < truths.size(); w++) {
                double[][] truth = truths.get(w);
                int from = WARMUP_DAYS * perDay;
                int n = 7 * perDay;
                double[] surplus = new double[n];
                double[] target = new double[n];
                Instant start = monday(w).atStartOfDay(s.zone()).toInstant();
                for (int i = 0; i < n; i++) {
                    surplus[i] = Math.max(0, truth[1][from + i] - truth[0][from + i]);
                    int hour = start.plusSeconds(60L * s.intervalMinutes() * i).atZone(s.zone()).getHour();
                    target[i] = hour >= 17 && hour < 21 ? FIRM_TARGET_KW : 0;
                }
                RunMetrics m = TemplateDispatcher.run(t, site, surplus, target, start, s.zone(), s.intervalHours(),
                        BatteryState.atSoc(s.battery(), 50, s.day(start))).metrics();
                delivered += m.deliveryRatePercent() / truths.size();
                dgHours += m.dgRuntimeHours();
                fuel += m.dgFuelLitres();
                green += m.greenHours();
            }
            System.err.printf(Locale.ROOT, "bess: template %s (DG %.0f kW, firm %.0f kW 17-21 h): delivery %.1f %%, DG %.1f h, "
                    + "fuel %.0f l, green hours %.1f%n", t, DG_KW, FIRM_TARGET_KW, delivered, dgHours, fuel, green);
            best = Math.max(best, delivered);
        }
        figures.report("best_template_delivery_rate", best, "%");
    }

    /** 672-interval (one week) plans with the production settings on the building's data: p50 wall and CPU ms. */
    private static double[] plan672(DispatchSettings s, double[][] truth, Instant start) {
        int n = 672;
        long[] t = new long[5];
        long[] cpu = new long[t.length];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int k = 0; k < t.length; k++) {
            int off = k * 4;
            double[] load = Arrays.copyOfRange(truth[0], off, off + n);
            double[] pv = Arrays.copyOfRange(truth[1], off, off + n);
            double[] imp = new double[n];
            double[] exp = new double[n];
            Instant from = start.plusSeconds(60L * s.intervalMinutes() * off);
            for (int i = 0; i < n; i++) {
                imp[i] = s.importPrice(from.plusSeconds(60L * s.intervalMinutes() * i));
                exp[i] = imp[i] * s.exportFactor();
            }
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            Plan p = new LpPlanner().plan(new PlanRequest(s.battery(), BatteryState.atSoc(s.battery(), 50, s.day(from)),
                    from, s.zone(), s.intervalHours(), load, pv, imp, exp, s.demandCharge(), 0.1, 1e6));
            t[k] = System.nanoTime() - t0;
            cpu[k] = threads.getCurrentThreadCpuTime() - c0;
            if (!p.feasible()) {
                throw new IllegalStateException("672-interval plan infeasible: " + p.problems());
            }
        }
        return new double[] {Figures.percentile(t, 50) / 1e6, Figures.percentile(cpu, 50) / 1e6};
    }
}
