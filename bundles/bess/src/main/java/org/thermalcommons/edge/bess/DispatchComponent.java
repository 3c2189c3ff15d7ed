package org.thermalcommons.edge.bess;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/**
 * The plan follower: each cycle it turns the current interval of the battery plan into the inverter's power setpoint
 * (found by role), corrected for the real SOC and the measured PV and load. Plans are made on a thread of its own
 * (never on the cycle): with the LP every interval and whenever SOC drifts from the plan, or with a template.
 * Without a forecast it falls back to its template; an infeasible plan is logged and counted, and the battery holds
 * 0 kW until a feasible one arrives. The plan and its marginal value are published as points for the time series.
 */
@Component(service = {Controller.class, PointSource.class}, configurationPid = DispatchComponent.PID)
@Designate(ocd = DispatchComponent.Config.class)
public class DispatchComponent implements Controller, PointSource {
    static final String PID = "org.thermalcommons.edge.bess.Dispatch";
    private static final Logger LOG = LoggerFactory.getLogger(DispatchComponent.class);
    static final PointId PLAN_KW = PointId.of("bess", "plan-kw");
    static final PointId PLAN_SOC = PointId.of("bess", "plan-soc-percent");
    static final PointId MARGINAL = PointId.of("bess", "marginal-value");

    @ObjectClassDefinition(name = "COOL Edge battery dispatch")
    @interface Config {
        @AttributeDefinition(name = "Mode", description = "lp, or a template T0..T6", options = {
            @org.osgi.service.metatype.annotations.Option(value = "lp"), @org.osgi.service.metatype.annotations.Option(value = "T0"),
            @org.osgi.service.metatype.annotations.Option(value = "T1"), @org.osgi.service.metatype.annotations.Option(value = "T2"),
            @org.osgi.service.metatype.annotations.Option(value = "T3"), @org.osgi.service.metatype.annotations.Option(value = "T4"),
            @org.osgi.service.metatype.annotations.Option(value = "T5"), @org.osgi.service.metatype.annotations.Option(value = "T6")})
        String mode() default "lp";

        @AttributeDefinition(name = "Fallback template when there is no forecast") String fallbackTemplate() default "T0";

        @AttributeDefinition(name = "Capacity (kWh)", min = "1", max = "100000") double capacityKwh() default 200;

        @AttributeDefinition(name = "Max charge (kW)", min = "0.1", max = "100000") double maxChargeKw() default 100;

        @AttributeDefinition(name = "Max discharge (kW)", min = "0.1", max = "100000") double maxDischargeKw() default 100;

        @AttributeDefinition(name = "SOC min (%)", min = "0", max = "100") double socMinPercent() default 5;

        @AttributeDefinition(name = "SOC max (%)", min = "0", max = "100") double socMaxPercent() default 95;

        @AttributeDefinition(name = "Round-trip efficiency", min = "0.5", max = "1") double roundTripEfficiency() default 0.87;

        @AttributeDefinition(name = "Max cycles per day", min = "0.1", max = "2") double maxCyclesPerDay() default 1.0;

        @AttributeDefinition(name = "Solar-only charging") boolean solarOnlyCharging() default true;

        @AttributeDefinition(name = "Degradation cost per kWh throughput", min = "0", max = "10") double degradationCostPerKwh() default 0.02;

        @AttributeDefinition(name = "Interval (minutes)", min = "5", max = "60") int intervalMinutes() default 15;

        @AttributeDefinition(name = "Horizon (intervals)", min = "4", max = "672") int horizonIntervals() default 96;

        @AttributeDefinition(name = "Hourly import prices (24 values, per kWh, local time)", cardinality = 24)
        double[] touPricesPerKwh() default {0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.15, 0.18, 0.22, 0.22, 0.22, 0.22,
            0.22, 0.22, 0.25, 0.30, 0.35, 0.40, 0.40, 0.35, 0.25, 0.18, 0.15, 0.12};

        @AttributeDefinition(name = "Export price as a fraction of import", min = "0", max = "1") double exportPriceFactor() default 0.6;

        @AttributeDefinition(name = "Demand charge per kW of peak import", min = "0", max = "1000") double demandChargePerKw() default 0;

        @AttributeDefinition(name = "Re-plan when SOC is off the plan by (%)", min = "0.5", max = "50") double replanSocDeviationPercent() default 5;

        @AttributeDefinition(name = "Local time offset (hours from UTC)", min = "-12", max = "14") int utcOffsetHours() default 8;

        @AttributeDefinition(name = "Template: firm target (kW)", min = "0", max = "100000") double firmTargetKw() default 50;

        @AttributeDefinition(name = "Template: target from (local hour)", min = "0", max = "23") int targetStartHour() default 17;

        @AttributeDefinition(name = "Template: target until (local hour)", min = "1", max = "24") int targetEndHour() default 21;
    }

    /** Validated settings. */
    record Settings(Optional<Template> template, Template fallback, BatteryParams battery, int intervalMinutes,
                    int horizon, double[] touPrices, double exportFactor, double demandCharge, double replanDeviation,
                    ZoneOffset zone, double firmTargetKw, int targetStart, int targetEnd) {
        static Settings of(Config c) {
            Optional<Template> template = c.mode().equalsIgnoreCase("lp") ? Optional.empty()
                    : Optional.of(Template.parse(c.mode()).orElseThrow(() -> new IllegalArgumentException(
                    "mode '" + c.mode() + "' must be lp or one of T0..T6")));
            Template fallback = Template.parse(c.fallbackTemplate()).orElseThrow(() -> new IllegalArgumentException(
                    "fallbackTemplate '" + c.fallbackTemplate() + "' must be one of T0..T6"));
            if (c.touPricesPerKwh().length != 24) {
                throw new IllegalArgumentException("touPricesPerKwh must have 24 values, has " + c.touPricesPerKwh().length);
            }
            if (c.targetStartHour() >= c.targetEndHour()) {
                throw new IllegalArgumentException("targetStartHour must be before targetEndHour");
            }
            if (1440 % c.intervalMinutes() != 0) {
                throw new IllegalArgumentException("intervalMinutes must divide a day (5, 10, 15, 20, 30, 60)");
            }
            BatteryParams b = new BatteryParams(c.capacityKwh(), c.maxChargeKw(), c.maxDischargeKw(), c.socMinPercent(),
                    c.socMaxPercent(), c.roundTripEfficiency(), c.maxCyclesPerDay(), c.solarOnlyCharging(), c.degradationCostPerKwh());
            return new Settings(template, fallback, b, c.intervalMinutes(), c.horizonIntervals(), c.touPricesPerKwh().clone(),
                    c.exportPriceFactor(), c.demandChargePerKw(), c.replanSocDeviationPercent(),
                    ZoneOffset.ofHours(c.utcOffsetHours()), c.firmTargetKw(), c.targetStartHour(), c.targetEndHour());
        }
    }

    /** What the follower measured this cycle. */
    record Measured(PointId setpoint, double socPercent, double pvKw, double loadKw) {
    }

    private volatile Settings settings;
    private volatile Plan plan;
    private ProfileForecaster load;
    private ProfileForecaster pv;
    private ExecutorService planner;
    private final AtomicBoolean planning = new AtomicBoolean();
    private final AtomicLong infeasible = new AtomicLong();
    private final AtomicLong plans = new AtomicLong();
    private final Map<PointId, PointValue> published = new ConcurrentHashMap<>();
    private final LpPlanner lp = new LpPlanner(4);
    private BatteryState state;
    private Instant plannedFor = Instant.MIN;

    @Activate
    void activate(Config config) {
        start(Settings.of(config));
        LOG.info("Battery dispatch: mode {}, {} kWh, {}/{} kW, SOC {}-{} %, {} cycles/day", config.mode(),
                config.capacityKwh(), config.maxChargeKw(), config.maxDischargeKw(), config.socMinPercent(),
                config.socMaxPercent(), config.maxCyclesPerDay());
    }

    void start(Settings s) {
        settings = s;
        load = new ProfileForecaster(settings.intervalMinutes(), settings.zone(), 0.3);
        pv = new ProfileForecaster(settings.intervalMinutes(), settings.zone(), 0.3);
        planner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-bess-planner");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs planning synchronously (tests). */
    void useDirectPlanner() {
        planner.shutdown();
        planner = new java.util.concurrent.AbstractExecutorService() {
            private boolean down;

            @Override
            public void execute(Runnable command) {
                command.run();
            }

            @Override
            public void shutdown() {
                down = true;
            }

            @Override
            public List<Runnable> shutdownNow() {
                down = true;
                return List.of();
            }

            @Override
            public boolean isShutdown() {
                return down;
            }

            @Override
            public boolean isTerminated() {
                return down;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
    }

    @Deactivate
    void deactivate() {
        planner.shutdownNow();
    }

    @Override
    public String id() {
        return "bess-dispatch";
    }

    @Override
    public WritePriority priority() {
        return WritePriority.BESS_PLAN;
    }

    long infeasiblePlans() {
        return infeasible.get();
    }

    long plansMade() {
        return plans.get();
    }

    Optional<Plan> currentPlan() {
        return Optional.ofNullable(plan);
    }

    @Override
    public void run(CycleContext ctx) {
        Settings s = settings;
        Optional<Measured> m = measure(ctx.snapshot());
        if (m.isEmpty()) {
            return;
        }
        Measured now = m.get();
        Instant t = ctx.now();
        long day = t.atZone(s.zone()).toLocalDate().toEpochDay();
        BatteryParams b = s.battery();
        double energy = b.capacityKwh() * now.socPercent() / 100.0;
        state = state == null || state.day() != day ? new BatteryState(energy, 0, day)
                : new BatteryState(energy, state.dischargedTodayKwh(), day);
        load.observe(t, now.loadKw());
        pv.observe(t, now.pvKw());

        Plan p = plan;
        int idx = p == null ? -1 : p.indexAt(t);
        boolean due = p == null || idx < 0 || !intervalStart(t, s).equals(plannedFor);
        if (!due && idx >= 0 && p.feasible()) {
            double expected = 100.0 * (idx == 0 ? p.energyKwh()[0] : p.energyKwh()[idx - 1]) / b.capacityKwh();
            due = Math.abs(expected - now.socPercent()) > s.replanDeviation();
        }
        if (due && planning.compareAndSet(false, true)) {
            BatteryState st = state;
            Instant start = intervalStart(t, s);
            plannedFor = start;
            if (planner.isShutdown()) {
                // Being deactivated (reconfigured or stopped) while the cycle still holds this instance.
                planning.set(false);
                return;
            }
            planner.execute(() -> {
                try {
                    replan(s, st, start);
                } catch (RuntimeException e) {
                    infeasible.incrementAndGet();
                    LOG.error("Battery planning failed; holding 0 kW until a plan is made", e);
                } finally {
                    planning.set(false);
                }
            });
            p = plan;
            idx = p == null ? -1 : p.indexAt(t);
        }

        double dtHours = ctx.period().toMillis() / 3.6e6;
        double kw = 0;
        if (p != null && idx >= 0 && p.feasible()) {
            kw = p.batteryKw(idx);
        }
        // Correct for reality: the model's limits at the measured SOC, and solar-only against the measured surplus.
        double stepHours = Math.max(dtHours, 1.0 / 3600);
        if (kw > 0) {
            kw = Math.min(kw, BatteryModel.maxDischargeKw(b, state, stepHours));
        } else if (kw < 0) {
            double cap = BatteryModel.maxChargeKw(b, state, stepHours);
            if (b.solarOnlyCharging()) {
                cap = Math.min(cap, Math.max(0, now.pvKw() - now.loadKw()));
            }
            kw = -Math.min(-kw, cap);
        }
        if (kw > 0) {
            state = new BatteryState(state.energyKwh(), state.dischargedTodayKwh() + kw / b.oneWayEfficiency() * dtHours, day);
        }
        ctx.request(now.setpoint(), kw);
        publish(t, p, idx);
    }

    private static Instant intervalStart(Instant t, Settings s) {
        long ms = s.intervalMinutes() * 60_000L;
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    /** Makes a new plan (planner thread). */
    void replan(Settings s, BatteryState st, Instant start) {
        int n = s.horizon();
        double dt = s.intervalMinutes() / 60.0;
        Optional<Template> template = s.template();
        if (template.isEmpty() && !(load.hasData() && pv.hasData())) {
            template = Optional.of(s.fallback());
            LOG.warn("No load/PV forecast yet; planning with fallback template {}", s.fallback());
        }
        double[] loadF = load.horizon(start, n);
        double[] pvF = pv.horizon(start, n);
        Plan next;
        if (template.isPresent()) {
            next = templatePlan(template.get(), s, st, start, pvF, loadF);
        } else {
            double[] imp = new double[n];
            double[] exp = new double[n];
            for (int i = 0; i < n; i++) {
                int hour = start.plusSeconds((long) (i * dt * 3600)).atZone(s.zone()).getHour();
                imp[i] = s.touPrices()[hour];
                exp[i] = imp[i] * s.exportFactor();
            }
            double terminal = java.util.Arrays.stream(imp).min().orElse(0) * s.battery().roundTripEfficiency();
            next = lp.plan(new PlanRequest(s.battery(), st, start, s.zone(), dt, loadF, pvF, imp, exp,
                    PlanRequest.noCommitments(n), s.demandCharge(), terminal, 1e6));
        }
        if (planner.isShutdown()) {
            // Deactivated while solving (the solve was interrupted): nothing to report.
            return;
        }
        plans.incrementAndGet();
        if (!next.feasible()) {
            infeasible.incrementAndGet();
            LOG.error("Battery plan for {} is infeasible ({}); holding 0 kW (the safest feasible action) until a feasible plan",
                    start, String.join("; ", next.problems()));
        }
        plan = next;
    }

    /** A template's dispatch over the horizon, expressed as a plan (target = firm delivery from the battery+PV). */
    private static Plan templatePlan(Template t, Settings s, BatteryState st, Instant start, double[] pvF, double[] loadF) {
        int n = pvF.length;
        double dt = s.intervalMinutes() / 60.0;
        double[] surplus = new double[n];
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            surplus[i] = Math.max(0, pvF[i] - loadF[i]);
            int hour = start.plusSeconds((long) (i * dt * 3600)).atZone(s.zone()).getHour();
            target[i] = hour >= s.targetStart() && hour < s.targetEnd() ? s.firmTargetKw() : 0;
        }
        SiteParams site = SiteParams.of(s.battery(), 0);
        TemplateDispatcher.Run run = TemplateDispatcher.run(t, site, surplus, target, start, s.zone(), dt, st);
        double[] c = new double[n];
        double[] d = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            Interval iv = run.intervals().get(i);
            c[i] = Math.max(0, -iv.batteryKw());
            d[i] = Math.max(0, iv.batteryKw());
            e[i] = iv.socPercent() / 100.0 * s.battery().capacityKwh();
        }
        return new Plan(start, dt, c, d, new double[n], new double[n], e, new double[0], 0, Double.NaN, 0, List.of());
    }

    static Optional<Measured> measure(PointSnapshot snap) {
        Optional<PointDefinition> sp = snap.withRole(Role.BATTERY_POWER_SETPOINT).stream().filter(PointDefinition::writable).findFirst();
        Optional<PointValue> soc = first(snap, Role.BATTERY_SOC);
        if (sp.isEmpty() || soc.isEmpty()) {
            return Optional.empty();
        }
        double pvKw = snap.withRole(Role.PV_POWER_SENSOR).stream().map(d -> snap.goodValue(d.id())).flatMap(Optional::stream)
                .mapToDouble(PointValue::value).sum();
        double loadKw = snap.withRole(Role.BUILDING_LOAD_POWER_SENSOR).stream().map(d -> snap.goodValue(d.id()))
                .flatMap(Optional::stream).mapToDouble(PointValue::value).sum();
        return Optional.of(new Measured(sp.get().id(), soc.get().value(), pvKw, loadKw));
    }

    private static Optional<PointValue> first(PointSnapshot snap, Role role) {
        return snap.withRole(role).stream().map(d -> snap.goodValue(d.id())).flatMap(Optional::stream).findFirst();
    }

    private void publish(Instant t, Plan p, int idx) {
        if (p == null || idx < 0) {
            return;
        }
        published.put(PLAN_KW, PointValue.good(PLAN_KW, p.feasible() ? p.batteryKw(idx) : 0, Unit.KILOWATT, t));
        published.put(PLAN_SOC, PointValue.good(PLAN_SOC, 100.0 * p.energyKwh()[idx] / settings.battery().capacityKwh(), Unit.PERCENT, t));
        if (p.marginalValuePerKwh().length > 0 && Double.isFinite(p.marginalValuePerKwh()[0])) {
            published.put(MARGINAL, PointValue.good(MARGINAL, p.marginalValuePerKwh()[0], Unit.PRICE_PER_KWH, t));
        }
    }

    @Override
    public String sourceId() {
        return "bess";
    }

    @Override
    public List<PointDefinition> points() {
        List<PointDefinition> l = new ArrayList<>();
        Duration stale = Duration.ofMinutes(5);
        l.add(PointDefinition.readOnly(PLAN_KW, new Role("Battery_Power_Plan"), Unit.KILOWATT, stale));
        l.add(PointDefinition.readOnly(PLAN_SOC, new Role("Battery_SOC_Plan"), Unit.PERCENT, stale));
        l.add(PointDefinition.readOnly(MARGINAL, new Role("Stored_Energy_Marginal_Value"), Unit.PRICE_PER_KWH, stale));
        return l;
    }

    @Override
    public Map<PointId, PointValue> latestValues() {
        return published;
    }
}
