package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleListener;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;

/**
 * The comfort agent in the assembled gateway on the simulated building (in-process, 240x from 16:20 local on a Monday):
 * the sim's schedule turns grid stress high at 17:00 and the agent sheds within the first interval while every zone
 * stays in its relaxed band; then shadow mode: a controller in shadow runs every cycle but never reaches the device,
 * until a configuration change promotes it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AgentIT {
    private static final ZoneOffset LOCAL = ZoneOffset.ofHours(8);
    private static final PointId ZONE_1_SP = PointId.parse("zone-1/cooling-setpoint");
    private static final String CYCLE_CFG = "periodMs = 100\ncontrollerBudgetPercent = 80\nshadowReportSeconds = 300\n";

    @Inject
    BundleContext context;
    @Inject
    ControlCycle cycle;
    @Inject
    CommandRegistry commands;

    @Configuration
    public Option[] config() throws Exception {
        return EdgeOptions.gateway("agent", List.of("core", "sim", "agent-rbc"), Map.of(
                "org.thermalcommons.edge.core.Cycle.cfg", CYCLE_CFG + "shadowControllers = itest-shadow\n",
                "org.thermalcommons.edge.sim.SimulatedBuilding.cfg", "speed = 240\nseed = 42\nstartTime = 2026-03-02T08:20:00Z\n",
                // Elevated stress (14:00-17:00) sheds no zone here, so the shed at 17:00 stands out.
                "org.thermalcommons.edge.agent.rbc.ComfortAgent.cfg", "shedShareElevatedPercent = 0\n"));
    }

    private record Sample(Instant at, GridStress stress, double coolingKw, double[] temps) {
    }

    private static int minuteOfDay(Instant t) {
        return t.atOffset(LOCAL).getHour() * 60 + t.atOffset(LOCAL).getMinute();
    }

    private static Sample sample(CycleReport r) {
        Map<PointId, PointValue> v = r.snapshot().values();
        double cooling = 0;
        double[] temps = new double[4];
        for (PointDefinition d : r.snapshot().definitions().values()) {
            PointValue pv = v.get(d.id());
            if (pv != null && d.role().equals(Role.COOLING_POWER_SENSOR)) {
                cooling += pv.value();
            }
        }
        for (int z = 1; z <= 4; z++) {
            PointValue t = v.get(PointId.of("zone-" + z, "temp"));
            temps[z - 1] = t == null ? Double.NaN : t.value();
        }
        PointValue s = v.get(PointId.parse("site/grid-stress"));
        GridStress g = s == null ? GridStress.NORMAL : GridStress.fromLevel(s.value()).orElse(GridStress.NORMAL);
        return new Sample(r.snapshot().takenAt(), g, cooling, temps);
    }

    @Test
    public void a_highGridStressShedsCoolingWithinOneIntervalWhileEveryZoneStaysInItsRelaxedBand() throws Exception {
        List<Sample> samples = new CopyOnWriteArrayList<>();
        ServiceRegistration<CycleListener> reg = context.registerService(CycleListener.class,
                r -> samples.add(sample(r)), new Hashtable<>());
        try {
            EdgeOptions.await("simulated 17:20 local", 120_000, () -> !samples.isEmpty()
                    && minuteOfDay(samples.get(samples.size() - 1).at()) >= 17 * 60 + 20);
        } finally {
            reg.unregister();
        }
        double before = samples.stream().filter(s -> minuteOfDay(s.at()) >= 16 * 60 + 45 && minuteOfDay(s.at()) < 17 * 60)
                .mapToDouble(Sample::coolingKw).average().orElseThrow();
        double first = samples.stream().filter(s -> minuteOfDay(s.at()) > 17 * 60 && minuteOfDay(s.at()) <= 17 * 60 + 15)
                .mapToDouble(Sample::coolingKw).average().orElseThrow();
        System.err.printf("AgentIT: zones' cooling %.1f kW in 16:45-17:00 (elevated), %.1f kW in 17:00-17:15 (high)%n",
                before, first);
        assertTrue("cooling in the first interval of high stress (" + first + " kW) below half of the interval before ("
                + before + " kW)", first < before * 0.5);
        for (Sample s : samples) {
            if (s.stress().compareTo(GridStress.HIGH) >= 0) {
                for (int z = 0; z < 4; z++) {
                    // Band 23..25 relaxed by 1.0 °C at high stress (1.5 at critical).
                    double top = 25 + (s.stress() == GridStress.CRITICAL ? 1.5 : 1.0);
                    assertTrue("zone-" + (z + 1) + " at " + s.at() + ": " + s.temps()[z] + " °C in 23.." + top,
                            s.temps()[z] >= 23 && s.temps()[z] <= top);
                }
            }
        }
        assertTrue("high stress was seen", samples.stream().anyMatch(s -> s.stress() == GridStress.HIGH));
        PointSource agent = agentPoints();
        assertTrue("the agent publishes the zones it sheds", agent.latestValues()
                .get(PointId.parse("agent-rbc/zones-shedding")).value() >= 3);
    }

    @Test
    public void b_aShadowControllersRequestsNeverReachTheDeviceUntilAConfigurationChangePromotesIt() throws Exception {
        AtomicLong runs = new AtomicLong();
        ServiceRegistration<Controller> reg = context.registerService(Controller.class,
                GatewayIT.controller("itest-shadow", WritePriority.SAFETY, ctx -> {
                    runs.incrementAndGet();
                    ctx.request(ZONE_1_SP, 27.5);
                }), new Hashtable<>());
        try {
            long cyclesBefore = cycle.statistics().cycles();
            EdgeOptions.await("the shadow runs every cycle", 30_000, () -> runs.get() >= 30);
            long cycles = cycle.statistics().cycles() - cyclesBefore;
            assertTrue("shadow runs " + runs.get() + " vs cycles " + cycles, runs.get() >= cycles - 2);
            Optional<CommandStatus> c = commands.command(ZONE_1_SP);
            assertTrue("zone-1's command stays the agent's: " + c, c.isPresent() && c.get().origin().equals("agent-rbc"));
            assertFalse("the device never got the shadow's 27.5 °C", Math.abs(simSetpoint() - 27.5) < 0.01);

            // Promotion is a configuration change: the shadow's request is applied, at its (safety) priority.
            Path etc = Path.of(context.getProperty("cool.edge.etc"));
            Files.writeString(etc.resolve("org.thermalcommons.edge.core.Cycle.cfg"), CYCLE_CFG);
            EdgeOptions.await("promoted: the device holds the controller's 27.5 °C", 30_000,
                    () -> commands.command(ZONE_1_SP).map(s -> s.origin().equals("itest-shadow")).orElse(false)
                            && Math.abs(simSetpoint() - 27.5) < 0.01);
            assertEquals(WritePriority.SAFETY, commands.command(ZONE_1_SP).orElseThrow().priority());
        } finally {
            reg.unregister();
        }
    }

    private double simSetpoint() {
        for (PointSource s : sources()) {
            if (s.getClass().getName().startsWith("org.thermalcommons.edge.sim.")) {
                PointValue v = s.latestValues().get(ZONE_1_SP);
                return v == null ? Double.NaN : v.value();
            }
        }
        return Double.NaN;
    }

    private PointSource agentPoints() {
        for (PointSource s : sources()) {
            if (s.sourceId().equals("agent-rbc")) {
                return s;
            }
        }
        throw new AssertionError("no agent-rbc point source");
    }

    private List<PointSource> sources() {
        try {
            List<PointSource> out = new java.util.ArrayList<>();
            for (ServiceReference<PointSource> r : context.getServiceReferences(PointSource.class, null)) {
                out.add(context.getService(r));
            }
            return out;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
