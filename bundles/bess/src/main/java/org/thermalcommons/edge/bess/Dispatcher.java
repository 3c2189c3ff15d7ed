package org.thermalcommons.edge.bess;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Unit;

/**
 * The plan follower, without the OSGi wiring (the component, the benchmark and the tests run this same code). Each
 * cycle it reads the site ({@link SiteReading}); while SOC, PV, load or the inverter's alarm is not known good it sets
 * the battery to its safe value at once. Otherwise it meters the day's discharge, feeds the forecasters, plans when an
 * interval starts, when the measured SOC is off the plan's SOC at this instant by more than the configured deviation,
 * or when the won commitments change (plans are made from now, on the planner executor, from inputs copied here), and
 * requests the plan's power for now, clamped to the inverter's published limits, the model's limits at the measured
 * SOC and, when solar-only, the measured PV surplus.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    static final PointId PLAN_KW = PointId.of("bess", "plan-kw");
    static final PointId PLAN_SOC = PointId.of("bess", "plan-soc-percent");
    static final PointId MARGINAL = PointId.of("bess", "marginal-value");
    /** What made the current plan: 0 the LP planner, 1 + k template Tk (configured, or the fallback without forecast). */
    static final PointId MODE = PointId.of("bess", "mode");
    /** Share of the daily cycle budget ({@code maxCyclesPerDay x capacity}) discharged today, from measured power. */
    static final PointId CYCLE_BUDGET_USED = PointId.of("bess", "cycle-budget-used");
    /** The import price the planner uses now (the tariff). */
    static final PointId IMPORT_PRICE = PointId.of("bess", "import-price");
    static final String ID = "bess-dispatch";

    /** A plan and the trades it was made for. */
    record Planned(Plan plan, Set<String> trades) {
    }

    /** What the follower last saw (read by the flexibility offer, off the cycle thread). */
    record Seen(Instant at, BatteryState state, SiteReading reading) {
    }

    private final DispatchSettings s;
    private final Executor planner;
    private final ProfileForecaster load;
    private final ProfileForecaster pv;
    private final DischargeMeter meter;
    private final DispatchCounters counters = new DispatchCounters();
    private final AtomicBoolean planning = new AtomicBoolean();
    private final Map<Instant, Double> baselines = new ConcurrentHashMap<>();
    private final Map<PointId, PointValue> published = new ConcurrentHashMap<>();
    private volatile Function<Instant, List<Commitment>> commitments = t -> List.of();
    private volatile Planned planned;
    private volatile int planMode;
    private volatile Seen seen;
    private Instant plannedInterval;
    private double lastRequestKw = Double.NaN;
    private String unsafeReason = "";

    /** @param planner where plans are made: a thread of its own in the gateway, the caller's thread in tests */
    public Dispatcher(DispatchSettings settings, Executor planner) {
        this.s = settings;
        this.planner = planner;
        this.load = new ProfileForecaster(s.intervalMinutes(), s.zone(), s.smoothing());
        this.pv = new ProfileForecaster(s.intervalMinutes(), s.zone(), s.smoothing());
        this.meter = new DischargeMeter(s.battery());
    }

    public DispatchSettings settings() {
        return s;
    }

    /** Where won commitments come from: this provider's commitments ending after the given instant. */
    public void commitmentSource(Function<Instant, List<Commitment>> source) {
        commitments = source;
    }

    public DispatchCounters counters() {
        return counters;
    }

    public Optional<Plan> plan() {
        Planned p = planned;
        return p == null ? Optional.empty() : Optional.of(p.plan());
    }

    /** Energy taken out of the battery today, from the measured power. */
    public double dischargedTodayKwh() {
        return meter.dischargedTodayKwh();
    }

    Map<PointId, PointValue> published() {
        return published;
    }

    public void run(CycleContext ctx) {
        Optional<SiteReading> read = SiteReading.read(ctx.snapshot());
        if (read.isEmpty()) {
            return;
        }
        SiteReading m = read.get();
        Instant now = ctx.now();
        meter.update(now, s.day(now), m.batteryKw().orElse(lastRequestKw));
        m.pvKw().ifPresent(v -> pv.observe(now, v));
        m.loadKw().ifPresent(v -> load.observe(now, v));
        if (!m.safe()) {
            String why = String.join("; ", m.unsafe());
            if (!why.equals(unsafeReason)) {
                LOG.warn("Battery to its safe value {} kW: {}", s.safeKw(), why);
                unsafeReason = why;
            }
            counters.unsafeCycles.incrementAndGet();
            seen = new Seen(now, meter.state(Double.NaN), m);
            request(ctx, m, s.safeKw());
            return;
        }
        if (!unsafeReason.isEmpty()) {
            LOG.info("Battery measurements good again; following the plan");
            unsafeReason = "";
        }
        double energy = s.battery().capacityKwh() * m.socPercent().getAsDouble() / 100.0;
        BatteryState st = meter.state(energy);
        seen = new Seen(now, st, m);
        maybePlan(now, st);
        Planned p = planned;
        int idx = p == null ? -1 : p.plan().indexAt(now);
        double kw = p != null && idx >= 0 && p.plan().feasible() ? p.plan().batteryKw(idx) : 0;
        kw = unforecastSurplus(kw, p == null ? null : p.plan(), idx, m, now);
        request(ctx, m, clamp(kw, m, st, ctx.period()));
        publish(now, p == null ? null : p.plan(), idx);
    }

    private void request(CycleContext ctx, SiteReading m, double kw) {
        ctx.request(m.setpoint(), kw);
        lastRequestKw = kw;
    }

    private void maybePlan(Instant now, BatteryState st) {
        Instant interval = s.intervalStart(now);
        Planned p = planned;
        List<Commitment> won = commitments.apply(now);
        Set<String> trades = won.stream().map(Commitment::tradeId).collect(Collectors.toSet());
        boolean boundary = !interval.equals(plannedInterval);
        boolean deviation = false;
        if (!boundary && p != null && p.plan().feasible()) {
            double e = p.plan().energyAt(now);
            deviation = Double.isNaN(e) || 100 * Math.abs(e - st.energyKwh()) / s.battery().capacityKwh() > s.replanDeviation();
        }
        boolean tradesChanged = p != null && !p.trades().equals(trades);
        if (!(boundary || deviation || tradesChanged) || !planning.compareAndSet(false, true)) {
            return;
        }
        plannedInterval = interval;
        baselines.keySet().removeIf(t -> t.isBefore(now.minus(Duration.ofDays(1))));
        PlanInputs in = PlanInputs.snapshot(s, now, st, load, pv, won, baselines, deviation && !boundary);
        try {
            planner.execute(() -> {
                try {
                    accept(PlanMaker.make(in), in, trades);
                } catch (RuntimeException e) {
                    counters.infeasible.incrementAndGet();
                    LOG.error("Battery planning failed; holding 0 kW until a plan is made", e);
                } finally {
                    planning.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // Being deactivated while the cycle still holds this instance: nothing to plan for.
            planning.set(false);
        }
    }

    private void accept(Plan next, PlanInputs in, Set<String> trades) {
        counters.plans.incrementAndGet();
        counters.planMicros.set((long) (next.solveMillis() * 1000));
        if (in.deviation()) {
            counters.replans.incrementAndGet();
        }
        if (in.template().isPresent() && s.template().isEmpty()) {
            if (counters.fallbackPlans.getAndIncrement() == 0) {
                LOG.info("No load/PV forecast yet ({} h of history needed); planning with the fallback template {}",
                        s.minHistoryHours(), s.fallback());
            }
        }
        if (!next.feasible()) {
            counters.infeasible.incrementAndGet();
            LOG.error("Battery plan from {} is infeasible ({}); holding 0 kW until a feasible plan", next.start(),
                    String.join("; ", next.problems()));
        } else if (next.unmetCommitmentKwh() > 0) {
            counters.shortfalls.incrementAndGet();
            counters.shortfallKwh.add(next.unmetCommitmentKwh());
            LOG.warn("Battery plan from {}: {}; executing the best plan anyway", next.start(), LpPlanner.shortfall(next));
        }
        planMode = in.template().map(t -> t.ordinal() + 1).orElse(0);
        planned = new Planned(next, trades);
    }

    /**
     * PV surplus the forecast did not see: when the plan does not discharge now and a stored kWh is worth more to the
     * plan than exporting it ({@code λ·√η > export price + wear}), the battery also takes the measured surplus beyond
     * the one the plan was made for, instead of exporting it (the SOC then leaves the plan upwards, which re-plans
     * from the new SOC). With a right forecast the battery follows the plan exactly.
     */
    private double unforecastSurplus(double kw, Plan p, int idx, SiteReading m, Instant now) {
        if (p == null || idx < 0 || kw > 0 || idx >= p.marginalValuePerKwh().length) {
            return kw;
        }
        double lambda = p.marginalValuePerKwh()[idx];
        double forecast = p.exportKw()[idx] - p.importKw()[idx] + p.chargeKw()[idx] - p.dischargeKw()[idx];
        double extra = m.pvKw().getAsDouble() - m.loadKw().getAsDouble() - Math.max(0, forecast);
        BatteryParams b = s.battery();
        double exportValue = s.importPrice(now) * s.exportFactor() + b.degradationCostPerKwh();
        if (Double.isFinite(lambda) && extra > 0 && lambda * b.oneWayEfficiency() > exportValue) {
            return kw - extra;
        }
        return kw;
    }

    /** The model's limits at the measured SOC and today's measured discharge, the inverter's, the measured surplus. */
    private double clamp(double kw, SiteReading m, BatteryState st, Duration period) {
        BatteryParams b = s.battery();
        double stepHours = Math.max(period.toMillis() / 3.6e6, 1.0 / 3600);
        if (kw > 0) {
            double cap = Math.min(BatteryModel.maxDischargeKw(b, st, stepHours), m.maxDischargeKw().orElse(Double.MAX_VALUE));
            return Math.min(kw, cap);
        }
        if (kw < 0) {
            double cap = Math.min(BatteryModel.maxChargeKw(b, st, stepHours), m.maxChargeKw().orElse(Double.MAX_VALUE));
            if (b.solarOnlyCharging()) {
                cap = Math.min(cap, Math.max(0, m.pvKw().getAsDouble() - m.loadKw().getAsDouble()));
            }
            return -Math.min(-kw, cap);
        }
        return 0;
    }

    private void publish(Instant t, Plan p, int idx) {
        double budget = s.battery().capacityKwh() * s.battery().maxCyclesPerDay();
        published.put(CYCLE_BUDGET_USED, PointValue.good(CYCLE_BUDGET_USED, 100 * meter.dischargedTodayKwh() / budget, Unit.PERCENT, t));
        published.put(IMPORT_PRICE, PointValue.good(IMPORT_PRICE, s.importPrice(t), Unit.PRICE_PER_KWH, t));
        if (p != null) {
            published.put(MODE, PointValue.good(MODE, planMode, Unit.STATE, t));
        }
        if (p == null || idx < 0) {
            return;
        }
        published.put(PLAN_KW, PointValue.good(PLAN_KW, p.feasible() ? p.batteryKw(idx) : 0, Unit.KILOWATT, t));
        if (p.feasible()) {
            published.put(PLAN_SOC, PointValue.good(PLAN_SOC, 100.0 * p.energyAt(t) / s.battery().capacityKwh(), Unit.PERCENT, t));
        }
        if (p.marginalValuePerKwh().length > 0 && Double.isFinite(p.marginalValuePerKwh()[0])) {
            published.put(MARGINAL, PointValue.good(MARGINAL, p.marginalValuePerKwh()[0], Unit.PRICE_PER_KWH, t));
        }
    }

    /** What the battery can offer the market for {@code [start, start + length)}; see {@link FlexibilityOffers}. */
    public Optional<FlexibilityOffer> offer(Instant start, Duration length) {
        Planned p = planned;
        Seen now = seen;
        if (p == null || now == null || !now.reading().safe()) {
            return Optional.empty();
        }
        List<Commitment> won = commitments.apply(now.at());
        Optional<FlexibilityOffer> o = FlexibilityOffers.offer(ID, s, p.plan(), now, won, p.trades(), start, length);
        o.ifPresent(x -> baselines.putIfAbsent(start, p.plan().batteryKw(p.plan().indexAt(start))));
        return o;
    }
}
