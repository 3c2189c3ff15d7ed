package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;

import java.util.List;
import java.util.Map;

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
import org.osgi.framework.Version;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.CycleStatistics;

/**
 * Hot swap through deploy/ (the deployment manager, signed jars): the comfort agent bundle is dropped in, then
 * replaced by a new signed version (atomic move) while the cycle runs. The cycle must not lose a single cycle, the new
 * controller must take over, and the agent's
 * commands must stay in force through the swap.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {
    private static final int PERIOD_MS = 100;

    @Inject
    BundleContext context;
    @Inject
    ControlCycle cycle;
    @Inject
    CommandRegistry commands;

    @Configuration
    public Option[] config() throws Exception {
        return EdgeOptions.gateway("hotswap", List.of("core", "sim"), Map.of(
                "org.thermalcommons.edge.core.Cycle.cfg", "periodMs = " + PERIOD_MS + "\n",
                "org.thermalcommons.edge.sim.SimulatedBuilding.cfg", "speed = 60\n",
                // A band below the zones' temperatures: the agent commands every zone, so there is something to keep.
                "org.thermalcommons.edge.agent.rbc.ComfortAgent.cfg", "occupiedLowCelsius = 19\noccupiedHighCelsius = 20\n"));
    }

    @Test
    public void updatingABundleInDeployLosesNoCycle() throws Exception {
        Path deploy = Path.of(System.getProperty("cool.edge.itest.deploy"));
        Path original = Files.list(EdgeOptions.DISTRIBUTION.resolve("bundles"))
                .filter(p -> p.getFileName().toString().startsWith("org.thermalcommons.edge.agent-rbc-")).findFirst()
                .orElseThrow();
        Path staging = Files.createTempDirectory("swap");

        Files.copy(original, staging.resolve("agent.jar"));
        Files.move(staging.resolve("agent.jar"), deploy.resolve("agent.jar"), StandardCopyOption.ATOMIC_MOVE);
        EdgeOptions.await("comfort agent deployed and running", 20_000, () -> runs() > 3);
        Bundle b = agentBundle();
        Version v1 = b.getVersion();

        EdgeOptions.await("the agent's commands verified", 20_000, () -> commands.commands().stream()
                .anyMatch(c -> c.origin().equals("agent-rbc") && c.state() == CommandState.VERIFIED));
        CycleStatistics before = cycle.statistics();
        long t0 = System.nanoTime();
        DevSigning.withVersion(original, staging.resolve("agent.jar"), new Version(v1.getMajor(), v1.getMinor(), v1.getMicro(), "swapped"));
        DevSigning.sign(staging.resolve("agent.jar")); // a new build, signed like the reactor's: the manager installs it
        Files.move(staging.resolve("agent.jar"), deploy.resolve("agent.jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        // Watch every cycle of the swap: the agent's commands are never relinquished (the new instance takes
        // them over within the swap grace).
        List<String> relinquished = new ArrayList<>();
        EdgeOptions.await("new version active and running", 20_000, () -> {
            commands.commands().stream().filter(c -> c.state() == CommandState.RELINQUISHED)
                    .forEach(c -> relinquished.add(c.point().toString()));
            Bundle now = agentBundle();
            return now != null && now.getVersion().getQualifier().equals("swapped") && now.getState() == Bundle.ACTIVE
                    && runs() > 3;
        });
        CycleStatistics after = cycle.statistics();
        double elapsedMs = (System.nanoTime() - t0) / 1e6;

        assertNotEquals(v1, agentBundle().getVersion());
        long ran = after.cycles() - before.cycles();
        // A cycle is lost only when the cycle thread falls a whole period behind and skips ahead: it counts those.
        assertEquals("scheduled cycles that never ran during the swap (" + ran + " ran in " + elapsedMs + " ms)", 0,
                after.missedCycles() - before.missedCycles());
        assertTrue("the cycle kept running through the swap (" + ran + " cycles in " + elapsedMs + " ms)", ran > 0);
        assertTrue("commands relinquished during the swap: " + relinquished, relinquished.isEmpty());
    }

    private long runs() {
        CycleStatistics.ControllerStatistics s = cycle.statistics().controllers().get("agent-rbc");
        return s == null ? 0 : s.runs();
    }

    private Bundle agentBundle() {
        for (Bundle b : context.getBundles()) {
            if ("org.thermalcommons.edge.agent-rbc".equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

}
