package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.flex.CommitmentBook;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.api.flex.FlexibilityProvider;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.oem.OemCommands;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;

/**
 * The rule-based comfort agent as services: a {@link Controller} at {@code COMFORT} priority (id {@value Agent#ID}), its
 * points, its flexibility for the market and its metrics. Optional, dynamic: the market's {@link CommitmentBook} (a won
 * commitment of this agent sheds as high stress does) and the {@link OemCommands} service (heat pumps told {@code eco}
 * under high stress, {@code normal} after). See docs/controllers.md.
 */
@Component(service = {Controller.class, PointSource.class, FlexibilityProvider.class, MetricsSource.class},
        configurationPid = ComfortAgent.PID)
@Designate(ocd = AgentConfig.class)
public class ComfortAgent implements Controller, PointSource, FlexibilityProvider, MetricsSource {
    static final String PID = "org.thermalcommons.edge.agent.rbc.ComfortAgent";
    private static final Logger LOG = LoggerFactory.getLogger(ComfortAgent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CommitmentBook commitments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile OemCommands oem;

    private final AtomicLong rejectedConfigurations = new AtomicLong();
    private ExecutorService oemThread;
    private volatile Agent agent;
    private volatile HeatPumpSignals heatPumps;

    @Activate
    void activate(AgentConfig c) {
        AgentSettings s = AgentSettings.of(c);
        ExecutorService t = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "cool-edge-agent-oem");
            th.setDaemon(true);
            return th;
        });
        oemThread = t;
        start(s, t);
        LOG.info("Comfort agent: occupied band {}..{} °C ({} per-zone), unoccupied {}..{} °C, relaxation {}/{}/{} °C and"
                        + " {}/{}/{} % of zones at elevated/high/critical stress, at most {} min outside the band per turn,"
                        + " pre-cooling {}", s.occupied().low(), s.occupied().high(), s.zoneBands().size(),
                s.unoccupied().low(), s.unoccupied().high(), c.relaxElevatedCelsius(), c.relaxHighCelsius(),
                c.relaxCriticalCelsius(), c.shedShareElevatedPercent(), c.shedShareHighPercent(),
                c.shedShareCriticalPercent(), c.maxOutsideBandMinutes(), s.precool().windows().isEmpty()
                        ? "off (no expected stress windows configured; the market's signal carries no stress forecast)"
                        : c.precoolMinutes() + " min before " + String.join("; ", c.precoolWindows()));
    }

    /** Starts with validated settings; OEM commands go out on {@code oemExecutor} (tests pass a direct one). */
    void start(AgentSettings s, java.util.concurrent.Executor oemExecutor) {
        WarmUp.run(s);
        agent = new Agent(s, this::committedLevel);
        heatPumps = new HeatPumpSignals(oemExecutor, () -> oem);
    }

    /** A configuration change that breaks a rule is rejected and counted; the previous settings stay in force. */
    @Modified
    void modified(AgentConfig c) {
        try {
            agent.reconfigure(AgentSettings.of(c));
            LOG.info("Comfort agent reconfigured: occupied band {}..{} °C", c.occupiedLowCelsius(), c.occupiedHighCelsius());
        } catch (IllegalArgumentException e) {
            rejectedConfigurations.incrementAndGet();
            LOG.error("Comfort agent configuration rejected: {}; the previous configuration stays in force", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (oemThread != null) {
            oemThread.shutdown();
        }
    }

    long rejectedConfigurations() {
        return rejectedConfigurations.get();
    }

    Agent agent() {
        return agent;
    }

    /** HIGH while a commitment of this agent to reduce consumption is being delivered, NORMAL otherwise. */
    private GridStress committedLevel(Instant now) {
        CommitmentBook book = commitments;
        if (book == null) {
            return GridStress.NORMAL;
        }
        try {
            for (Commitment c : book.commitments(Agent.ID, now)) {
                if (c.activeAt(now) && c.kw() > 0) {
                    return GridStress.HIGH;
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Commitment book failed: {}", e.toString());
        }
        return GridStress.NORMAL;
    }

    @Override
    public String id() {
        return Agent.ID;
    }

    @Override
    public WritePriority priority() {
        return WritePriority.COMFORT;
    }

    /** A run takes well under a millisecond once warm; the core caps this by its share of the period anyway. */
    @Override
    public Duration timeBudget() {
        return Duration.ofMillis(200);
    }

    @Override
    public void run(CycleContext ctx) {
        Agent a = agent;
        a.run(ctx);
        heatPumps.update(a.levelNow(), ctx.now(), a.settings().oemDevices(), Agent.ID);
    }

    @Override
    public Optional<FlexibilityOffer> offer(Instant start, Duration length) {
        return agent.flexibility().offer(Agent.ID, start, length);
    }

    @Override
    public String sourceId() {
        return Agent.ID;
    }

    @Override
    public List<PointDefinition> points() {
        return AgentPoints.definitions();
    }

    @Override
    public Map<PointId, PointValue> latestValues() {
        return agent.points().values();
    }

    @Override
    public void collect(MetricsCollector out) {
        Agent a = agent;
        out.gauge("cool_edge_agent_zones_shedding", "Zones shedding cooling now", Map.of(), a.sheddingNow());
        out.gauge("cool_edge_agent_sheddable_kw", "Cooling power the agent could shed now", Map.of(),
                a.flexibility().sheddableKw());
        out.counter("cool_edge_agent_shed_turns_total", "Shed turns started", Map.of(), a.rotation().turns());
        out.counter("cool_edge_agent_degree_minutes_outside_band_total", "Zone degree-minutes outside the comfort bands",
                Map.of(), a.ledger().totalDegreeMinutesOutsideBand());
        out.counter("cool_edge_agent_degree_minutes_outside_band_in_force_total",
                "Zone degree-minutes outside the bands in force (relaxed while shedding)", Map.of(),
                a.ledger().totalDegreeMinutesOutsideRelaxed());
        out.counter("cool_edge_agent_comfort_violation_minutes_total",
                "Zone-minutes beyond the band in force by more than the tolerance", Map.of(), a.ledger().totalViolationMinutes());
        out.counter("cool_edge_agent_oem_commands_submitted_total", "Heat-pump commands submitted", Map.of(),
                heatPumps.submitted());
        out.counter("cool_edge_agent_oem_commands_failed_total", "Heat-pump commands the OEM service refused", Map.of(),
                heatPumps.failed());
        out.counter("cool_edge_agent_rejected_configurations_total", "Configuration changes rejected", Map.of(),
                rejectedConfigurations.get());
    }
}
