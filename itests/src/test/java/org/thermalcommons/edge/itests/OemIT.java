package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.thermalcommons.edge.api.command.CommandCounters;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.api.oem.OemCommands;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;

/**
 * OEM commands in the assembled gateway: core, store, the simulated building (in-process, with its SG-Ready heat
 * pump), the oem bundle, and the SG-Ready adapter installed the way an installer does it: a jar moved atomically into
 * deploy/. Generic actions reach the simulated device through the core's command layer and complete verified; the
 * adapter is replaced 20 times under the running cycle while commands flow; the oem bundle restarts in the middle of a
 * command.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class OemIT {
    static final PointId SG_READY = PointId.parse("heatpump/sg-ready-state");
    static final String ADAPTER = "org.thermalcommons.edge.oem-heatpump-sgready";
    static final int SWAPS = 20;

    @Inject
    BundleContext context;
    @Inject
    ControlCycle cycle;
    @Inject
    AuditLog audit;

    @Configuration
    public Option[] config() throws Exception {
        // A previous run's command log holds the same ids (submitting them again would return the old commands).
        Path data = Path.of("target/itest-work/oem/data");
        if (Files.isDirectory(data)) {
            try (var old = Files.walk(data)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return EdgeOptions.gateway("oem", List.of("core", "store", "sim", "oem"), Map.of(
                "org.thermalcommons.edge.core.Cycle.cfg", "periodMs = 100\n",
                "org.thermalcommons.edge.sim.SimulatedBuilding.cfg", "speed = 60\nheatPumpKw = 8\n",
                "org.thermalcommons.edge.oem.OemCommands.cfg", "retryMinMs = 100\nretryMaxMs = 1000\n",
                "org.thermalcommons.edge.oem.heatpump.sgready.SgReady-heatpump.cfg",
                "device = heatpump\nverifyDelaySeconds = 1\ncallTimeoutSeconds = 5\nperHour = 0\nperDay = 0\n"));
    }

    @Test
    public void a_ecoThenBoostCompleteWithTheStateVerifiedAtTheDevice() throws Exception {
        deploy(null);
        EdgeOptions.await("the SG-Ready adapter serving heatpump", 30_000, () -> oem().devices().contains("heatpump"));
        complete("it-eco", "eco");
        assertEquals("SG-Ready state at the simulated heat pump after eco", 1.0, deviceState(), 0);
        complete("it-boost", "boost");
        assertEquals("SG-Ready state at the simulated heat pump after boost", 3.0, deviceState(), 0);
        Map<String, Integer> acks = transitions("-> ACKNOWLEDGED", List.of("it-eco", "it-boost"));
        assertEquals("each acknowledged once: " + acks, Map.of("it-eco", 1, "it-boost", 1), acks);
    }

    @Test
    public void b_swappingTheAdapter20TimesUnderTheCycleMissesNoCycleAndLosesOrRepeatsNoCommand() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        CycleStatistics before = cycle.statistics();
        CommandCounters writesBefore = sgReadyCounters();
        // The driver: one command after another (the next once the previous is done), alternating eco and boost.
        Thread driver = new Thread(() -> {
            String[] verbs = {"eco", "boost", "normal"};
            for (int i = 0; !stop.get(); i++) {
                String id = "swap-" + i;
                synchronized (ids) {
                    ids.add(id);
                }
                oem().submit(id, "heatpump", OemAction.of(verbs[i % 3]), "oem-it");
                try {
                    EdgeOptions.await(id + " finished", 60_000, () -> oem().find(id).map(c -> c.state().terminal())
                            .orElse(false));
                } catch (Throwable e) {
                    synchronized (problems) {
                        problems.add(e.toString());
                    }
                    return;
                }
            }
        }, "oem-it-driver");
        driver.start();
        for (int s = 1; s <= SWAPS; s++) {
            int done = completedCount(ids);
            String qualifier = "swap" + s;
            deploy(qualifier);
            EdgeOptions.await("adapter version " + qualifier + " active and serving", 30_000, () -> {
                Bundle b = bundle(ADAPTER);
                return b != null && b.getState() == Bundle.ACTIVE && b.getVersion().getQualifier().equals(qualifier)
                        && oem().devices().contains("heatpump");
            });
            // Let a command complete through the new version before the next swap.
            EdgeOptions.await("a command completed after swap " + s, 30_000, () -> completedCount(ids) > done);
        }
        stop.set(true);
        driver.join(60_000);
        CycleStatistics after = cycle.statistics();
        CommandCounters writesAfter = sgReadyCounters();
        // Writes of a new value to the device (the core's own re-sends of the same value are counted apart): the
        // commands alternate eco, boost, normal, so each one is exactly one new value at the device.
        long writes = (writesAfter.sent() - writesBefore.sent()) - (writesAfter.reasserted() - writesBefore.reasserted());
        assertTrue("driver problems: " + problems, problems.isEmpty());
        List<String> all;
        synchronized (ids) {
            all = List.copyOf(ids);
        }
        List<String> notCompleted = new ArrayList<>();
        for (String id : all) {
            Optional<OemCommand> c = oem().find(id);
            if (c.isEmpty() || c.get().state() != OemCommandState.COMPLETED) {
                notCompleted.add(id + "=" + c.map(x -> x.state() + " " + x.reason().orElse("")).orElse("missing"));
            }
        }
        Map<String, Integer> completions = transitions("-> COMPLETED", all);
        List<String> repeated = completions.entrySet().stream().filter(e -> e.getValue() != 1)
                .map(e -> e.getKey() + " x" + e.getValue()).toList();
        System.err.printf("OemIT: %d swaps, %d commands, %d new values written, %d cycles, missed %d%n", SWAPS,
                all.size(), writes, after.cycles() - before.cycles(), after.missedCycles() - before.missedCycles());
        assertEquals("missed cycles during the swaps", 0, after.missedCycles() - before.missedCycles());
        assertTrue("lost commands (not COMPLETED): " + notCompleted, notCompleted.isEmpty());
        assertTrue("commands completed more than once: " + repeated, repeated.isEmpty());
        assertEquals("new values written to the heat pump, one per command", all.size(), writes);
        assertTrue("commands flowed through the swaps: " + all.size(), all.size() >= SWAPS);
    }

    @Test
    public void c_aRestartOfTheOemBundleInTheMiddleOfACommandCompletesItOnce() throws Exception {
        Bundle oemBundle = bundle("org.thermalcommons.edge.oem");
        oem().submit("it-restart", "heatpump", OemAction.of("eco"), "oem-it");
        EdgeOptions.await("it-restart sent or acknowledged", 20_000, () -> oem().find("it-restart")
                .map(c -> c.state() == OemCommandState.SENT || c.state() == OemCommandState.ACKNOWLEDGED).orElse(false));
        OemCommandState at = oem().find("it-restart").orElseThrow().state();
        oemBundle.stop();
        oemBundle.start();
        EdgeOptions.await("it-restart completed after the restart", 30_000, () -> service(OemCommands.class) != null
                && oem().find("it-restart").map(c -> c.state() == OemCommandState.COMPLETED).orElse(false));
        assertEquals("SG-Ready state at the simulated heat pump", 1.0, deviceState(), 0);
        Map<String, Integer> completions = transitions("-> COMPLETED", List.of("it-restart"));
        assertEquals("completed once after a restart in " + at, Map.of("it-restart", 1), completions);
    }

    /** Submits and waits for COMPLETED. */
    private void complete(String id, String verb) throws Exception {
        oem().submit(id, "heatpump", OemAction.of(verb), "oem-it");
        EdgeOptions.await(id + " completed", 30_000, () -> oem().find(id).map(c -> c.state().terminal()).orElse(false));
        OemCommand c = oem().find(id).orElseThrow();
        assertEquals(id + ": " + c.reason().orElse(""), OemCommandState.COMPLETED, c.state());
    }

    private int completedCount(List<String> ids) {
        List<String> copy;
        synchronized (ids) {
            copy = List.copyOf(ids);
        }
        return (int) copy.stream().filter(id -> oem().find(id).map(c -> c.state() == OemCommandState.COMPLETED)
                .orElse(false)).count();
    }

    /** How often each command's audit entries record the transition (audit entries are written asynchronously). */
    private Map<String, Integer> transitions(String marker, List<String> ids) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        EdgeOptions.await("audit entries of " + ids.size() + " commands", 20_000, () -> {
            out.clear();
            for (AuditEvent e : audit.since(Instant.EPOCH, 100_000)) {
                if (e.category().equals("oem-command") && ids.contains(e.subject()) && e.message().contains(marker)) {
                    out.merge(e.subject(), 1, Integer::sum);
                }
            }
            return out.keySet().containsAll(ids);
        });
        return out;
    }

    private CommandCounters sgReadyCounters() {
        return service(CommandRegistry.class).command(SG_READY).map(CommandStatus::counters).orElse(CommandCounters.ZERO);
    }

    private double deviceState() {
        for (PointSource s : services(PointSource.class)) {
            PointValue v = s.latestValues().get(SG_READY);
            if (v != null) {
                return v.value();
            }
        }
        throw new AssertionError("no source serves " + SG_READY);
    }

    /** Copies the adapter bundle (with a new version qualifier, if given), signed with the build's development key, into
     * deploy/ by an atomic move. */
    private void deploy(String qualifier) throws Exception {
        Path deploy = Path.of(System.getProperty("cool.edge.itest.deploy"));
        Path original;
        try (var files = Files.list(EdgeOptions.DISTRIBUTION.resolve("bundles"))) {
            original = files.filter(p -> p.getFileName().toString().startsWith(ADAPTER + "-")).findFirst().orElseThrow();
        }
        Path staging = Files.createTempDirectory(deploy.getParent(), "staging").resolve("oem-heatpump-sgready.jar");
        if (qualifier == null) {
            Files.copy(original, staging);
        } else {
            Version v = new Version(original.getFileName().toString().replaceAll(".*-(\\d+\\.\\d+\\.\\d+).*", "$1"));
            DevSigning.withVersion(original, staging, new Version(v.getMajor(), v.getMinor(), v.getMicro(), qualifier));
        }
        DevSigning.sign(staging); // a new build, signed like the reactor's: the deployment manager installs it
        Files.move(staging, deploy.resolve("oem-heatpump-sgready.jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private OemCommands oem() {
        OemCommands s = service(OemCommands.class);
        if (s == null) {
            throw new AssertionError("no OemCommands service");
        }
        return s;
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> r = context.getServiceReference(type);
        return r == null ? null : context.getService(r);
    }

    private <T> List<T> services(Class<T> type) {
        try {
            List<T> out = new ArrayList<>();
            for (ServiceReference<T> r : context.getServiceReferences(type, null)) {
                out.add(context.getService(r));
            }
            return out;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

}
