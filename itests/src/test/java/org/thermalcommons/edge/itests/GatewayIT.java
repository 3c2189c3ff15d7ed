package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.store.TimeSeriesStore;

/** Boots core, store, sim, the comfort agent and bess from the distribution and checks the gateway works as a whole. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayIT {
    @Inject
    BundleContext context;
    @Inject
    ControlCycle cycle;
    @Inject
    TimeSeriesStore store;
    @Inject
    ServiceComponentRuntime scr;
    @Inject
    CommandRegistry commands;

    @Configuration
    public Option[] config() throws Exception {
        return EdgeOptions.gateway("gateway", List.of("core", "store", "sim", "agent-rbc", "bess"), Map.of(
                "org.thermalcommons.edge.core.Cycle.cfg", "periodMs = 100\nmaxConsecutiveFailures = 3\n",
                "org.thermalcommons.edge.sim.SimulatedBuilding.cfg", "speed = 600\nseed = 7\nstartTime = 2026-03-02T03:00:00Z\npvKwp = 300\n",
                "org.thermalcommons.edge.bess.Dispatch.cfg", "mode = lp\nhorizonIntervals = 32\n",
                // A band below the zones' temperatures: the comfort agent commands every zone down to its lowest setpoint.
                "org.thermalcommons.edge.agent.rbc.ComfortAgent.cfg", "occupiedLowCelsius = 19\noccupiedHighCelsius = 20\n"
                        + "unoccupiedLowCelsius = 19\nunoccupiedHighCelsius = 20\n"));
    }

    @Test
    public void everyBundleIsActiveAndEveryComponentIsSatisfied() throws Exception {
        for (Bundle b : context.getBundles()) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                assertEquals("bundle " + b.getSymbolicName() + " state", Bundle.ACTIVE, b.getState());
            }
        }
        EdgeOptions.await("all components of our bundles satisfied", 10_000, () -> unsatisfied().isEmpty());
        assertTrue("unsatisfied components: " + unsatisfied(), unsatisfied().isEmpty());
    }

    private List<String> unsatisfied() {
        List<String> bad = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                    bad.add(d.name + " (state " + c.state + ")");
                }
            }
        }
        return bad;
    }

    @Test
    public void theCycleRunsOnTheSimulatedBuildingAndSamplesReachSqlite() throws Exception {
        EdgeOptions.await("cycles with sim values", 15_000,
                () -> cycle.lastReport().map(r -> r.snapshot().values().size() > 10).orElse(false));
        PointValue sample = cycle.lastReport().orElseThrow().snapshot().values().values().iterator().next();
        EdgeOptions.await("samples stored", 15_000, () -> store.storedSamples() > 100
                && !store.history(sample.id(), Instant.EPOCH, Instant.now().plus(Duration.ofDays(3650)), 10).isEmpty());
        assertFalse(store.history(sample.id(), Instant.EPOCH, Instant.now().plus(Duration.ofDays(3650)), 10).isEmpty());
    }

    @Test
    public void theComfortAgentWritesSetpointsAndTheSimulatedZonesHoldThem() throws Exception {
        // In-process, the simulated building is the device: ask it (its own PointSource service), not the cycle.
        PointSource building = null;
        for (ServiceReference<PointSource> r : context.getServiceReferences(PointSource.class, null)) {
            PointSource s = context.getService(r);
            if (s.getClass().getName().startsWith("org.thermalcommons.edge.sim.")) {
                building = s;
            }
        }
        assertTrue("the simulated building's point service", building != null);
        PointSource sim = building;
        EdgeOptions.await("a zone setpoint commanded by the comfort agent, held by the simulated zone, verified", 30_000,
                () -> commands.commands().stream().anyMatch(c -> c.origin().equals("agent-rbc")
                        && c.state() == CommandState.VERIFIED && c.value().isPresent()
                        && Optional.ofNullable(sim.latestValues().get(c.point()))
                                .map(v -> Math.abs(v.value() - c.value().getAsDouble()) <= 0.01).orElse(false)));
        assertTrue(commands.commands().stream().filter(c -> c.origin().equals("agent-rbc"))
                .allMatch(c -> c.priority() == WritePriority.COMFORT && c.counters().failed() == 0));
    }

    @Test
    public void aThrowingControllerIsIsolatedWhileTheOthersKeepTheirCycle() throws Exception {
        AtomicLong goodRuns = new AtomicLong();
        ServiceRegistration<Controller> bad = context.registerService(Controller.class,
                controller("itest-bad", WritePriority.MARKET_COMMITMENT, ctx -> {
                    throw new IllegalStateException("deliberate failure");
                }), new Hashtable<>());
        ServiceRegistration<Controller> good = context.registerService(Controller.class,
                controller("itest-good", WritePriority.OPTIMISATION, ctx -> goodRuns.incrementAndGet()), new Hashtable<>());
        try {
            EdgeOptions.await("bad controller isolated", 10_000, () -> isolated("itest-bad"));
            long before = goodRuns.get();
            long cyclesBefore = cycle.statistics().cycles();
            // The good controller's runs and the cycle counter advance together (the counter at the end of a cycle).
            EdgeOptions.await("good controller keeps running", 10_000,
                    () -> goodRuns.get() >= before + 10 && cycle.statistics().cycles() >= cyclesBefore + 10);
            CycleStatistics s = cycle.statistics();
            assertEquals(3, s.controllers().get("itest-bad").failures());
            assertTrue(s.controllers().get("itest-bad").isolated());
        } finally {
            bad.unregister();
            good.unregister();
        }
    }

    private boolean isolated(String id) {
        CycleStatistics.ControllerStatistics s = cycle.statistics().controllers().get(id);
        return s != null && s.isolated();
    }

    interface Body {
        void run(CycleContext ctx);
    }

    static Controller controller(String id, WritePriority p, Body body) {
        return new Controller() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public WritePriority priority() {
                return p;
            }

            @Override
            public void run(CycleContext context) {
                body.run(context);
            }
        };
    }
}
