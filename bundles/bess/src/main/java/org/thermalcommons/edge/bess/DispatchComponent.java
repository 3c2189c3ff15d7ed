package org.thermalcommons.edge.bess;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.flex.CommitmentBook;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.api.flex.FlexibilityProvider;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;

/**
 * The battery dispatch as services: the plan follower ({@link Dispatcher}) as a {@link Controller} at {@code BESS_PLAN}
 * priority with a planner thread of its own; its plan as points; its flexibility for the market; its counters. It
 * starts only with its configuration file (no built-in defaults run a battery), and reads the won commitments from the
 * market's {@link CommitmentBook} when there is one.
 */
@Component(service = {Controller.class, PointSource.class, FlexibilityProvider.class, MetricsSource.class},
        configurationPid = DispatchComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DispatchConfig.class)
public class DispatchComponent implements Controller, PointSource, FlexibilityProvider, MetricsSource {
    static final String PID = "org.thermalcommons.edge.bess.Dispatch";
    private static final Logger LOG = LoggerFactory.getLogger(DispatchComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile CommitmentBook commitments;

    private ExecutorService planner;
    private volatile Dispatcher dispatcher;

    @Activate
    void activate(DispatchConfig config) {
        start(DispatchSettings.of(config));
        LOG.info("Battery dispatch: mode {}, {} kWh, {}/{} kW, SOC {}-{} %, {} cycles/day", config.mode(),
                config.capacityKwh(), config.maxChargeKw(), config.maxDischargeKw(), config.socMinPercent(),
                config.socMaxPercent(), config.maxCyclesPerDay());
    }

    void start(DispatchSettings s) {
        ExecutorService p = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-bess-planner");
            t.setDaemon(true);
            return t;
        });
        planner = p;
        install(new Dispatcher(s, p));
    }

    /** Plans on the calling (cycle) thread: for runs in virtual time that must be deterministic (benchmarks). */
    void startOnCallingThread(DispatchSettings s) {
        install(new Dispatcher(s, Runnable::run));
    }

    private void install(Dispatcher d) {
        d.commitmentSource(t -> {
            CommitmentBook book = commitments;
            return book == null ? List.of() : book.commitments(id(), t);
        });
        dispatcher = d;
    }

    @Deactivate
    void deactivate() {
        if (planner != null) {
            planner.shutdownNow();
        }
    }

    @Override
    public String id() {
        return Dispatcher.ID;
    }

    @Override
    public WritePriority priority() {
        return WritePriority.BESS_PLAN;
    }

    @Override
    public void run(CycleContext ctx) {
        dispatcher.run(ctx);
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public Optional<FlexibilityOffer> offer(Instant start, Duration length) {
        return dispatcher.offer(start, length);
    }

    @Override
    public void collect(MetricsCollector out) {
        dispatcher.counters().collect(out);
    }

    @Override
    public String sourceId() {
        return "bess";
    }

    @Override
    public List<PointDefinition> points() {
        Duration stale = Duration.ofMinutes(5);
        return List.of(
                PointDefinition.readOnly(Dispatcher.PLAN_KW, new Role("Battery_Power_Plan"), Unit.KILOWATT, stale),
                PointDefinition.readOnly(Dispatcher.PLAN_SOC, new Role("Battery_SOC_Plan"), Unit.PERCENT, stale),
                PointDefinition.readOnly(Dispatcher.MARGINAL, new Role("Stored_Energy_Marginal_Value"), Unit.PRICE_PER_KWH, stale),
                PointDefinition.readOnly(Dispatcher.MODE, new Role("Battery_Dispatch_Mode"), Unit.STATE, stale),
                PointDefinition.readOnly(Dispatcher.CYCLE_BUDGET_USED, new Role("Battery_Cycle_Budget_Used"), Unit.PERCENT, stale),
                PointDefinition.readOnly(Dispatcher.IMPORT_PRICE, new Role("Import_Price"), Unit.PRICE_PER_KWH, stale));
    }

    @Override
    public Map<PointId, PointValue> latestValues() {
        return dispatcher.published();
    }
}
