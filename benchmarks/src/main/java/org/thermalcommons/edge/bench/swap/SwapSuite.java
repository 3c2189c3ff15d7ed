package org.thermalcommons.edge.bench.swap;

import org.thermalcommons.edge.api.deploy.DeploymentEvent;
import org.thermalcommons.edge.api.deploy.DeploymentManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.thermalcommons.edge.api.command.CommandCounters;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.oem.OemAdapter;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.api.oem.OemCommands;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;

/**
 * Hot swap of an OEM adapter under the running cycle, the way an installer does it: the assembled gateway's bundles
 * (core, store, simulated building with its SG-Ready heat pump, oem) run embedded with the demo's cycle, oem and
 * adapter configuration; the SG-Ready adapter jar is moved atomically into deploy/, then replaced by a new build 20
 * times while one command after another (eco, boost, normal) flows through {@link OemCommands}. Figures: cycles the
 * core missed, commands not COMPLETED (lost), commands written to the device more than once (duplicated: writes of
 * the SG-Ready point beyond one per command and the core's own re-asserts), the longest time between the old adapter
 * service leaving and the new one registering (the oem binds it in that event), and the cycle's start lateness p99.
 * The adapter's rate limit is lifted (20 swaps compress hours of commands into minutes); all else is production.
 */
public final class SwapSuite implements Suite {
    static final String ADAPTER = "org.thermalcommons.edge.oem-heatpump-sgready";
    static final PointId SG_READY = PointId.parse("heatpump/sg-ready-state");
    private static final int SWAPS = Integer.getInteger("swap.count", 20);

    @Override
    public String name() {
        return "swap";
    }

    @Override
    public void run(Figures figures) throws Exception {
        Path repo = Path.of(System.getProperty("cool.edge.repo", "."));
        Path home = repo.resolve("distribution/target/cool-edge");
        Path cfg = repo.resolve("edge-config");
        Map<String, String> files = Map.of(
                "org.thermalcommons.edge.core.Cycle.cfg", Files.readString(cfg.resolve("org.thermalcommons.edge.core.Cycle.cfg")),
                "org.thermalcommons.edge.oem.OemCommands.cfg", Files.readString(cfg.resolve("org.thermalcommons.edge.oem.OemCommands.cfg")),
                "org.thermalcommons.edge.oem.heatpump.sgready.SgReady-heatpump.cfg", Files.readString(
                        cfg.resolve("org.thermalcommons.edge.oem.heatpump.sgready.SgReady-heatpump.cfg"))
                        .replaceAll("(?m)^per(Hour|Day) = .*$", "per$1 = 0"),
                "org.thermalcommons.edge.sim.SimulatedBuilding.cfg", "speed = 60\nheatPumpKw = 8\n");
        try (EmbeddedGateway gw = new EmbeddedGateway(home, List.of("core", "store", "sim", "oem"), files)) {
            Deployer deployer = new Deployer(home, gw.deploy);
            deployer.deploy(null);
            OemCommands oem = gw.await(OemCommands.class, 60_000);
            ControlCycle cycle = gw.await(ControlCycle.class, 60_000);
            CommandRegistry registry = gw.await(CommandRegistry.class, 60_000);
            await("the SG-Ready adapter serving heatpump", 60_000, () -> oem.devices().contains("heatpump"));

            List<long[]> events = new CopyOnWriteArrayList<>(); // {0 leaving | 1 registered, nanos}
            ServiceListener listener = e -> events.add(new long[] {e.getType() == ServiceEvent.UNREGISTERING ? 0
                    : e.getType() == ServiceEvent.REGISTERED ? 1 : 2, System.nanoTime()});
            gw.context().addServiceListener(listener, "(objectClass=" + OemAdapter.class.getName() + ")");

            Driver driver = new Driver(oem);
            CycleStatistics before = cycle.statistics();
            CommandCounters writesBefore = counters(registry);
            long latenessMaxMicros = 0;
            driver.start();
            for (int s = 1; s <= SWAPS; s++) {
                int done = driver.completed();
                String q = "swap" + s;
                deployer.deploy(q);
                await("adapter " + q + " serving", 60_000, () -> {
                    Bundle b = gw.bundle(ADAPTER);
                    return b != null && b.getState() == Bundle.ACTIVE && b.getVersion().getQualifier().equals(q)
                            && oem.devices().contains("heatpump");
                });
                await("a command completed through " + q, 120_000, () -> driver.completed() > done);
                latenessMaxMicros = Math.max(latenessMaxMicros, cycle.statistics().latenessP99Micros());
                System.err.printf("swap %d/%d: %d commands so far%n", s, SWAPS, driver.submitted().size());
            }
            driver.stopAndJoin();
            CycleStatistics after = cycle.statistics();
            CommandCounters writesAfter = counters(registry);
            gw.context().removeServiceListener(listener);

            List<String> ids = driver.submitted();
            long lost = ids.stream().filter(id -> oem.find(id).map(c -> c.state() != OemCommandState.COMPLETED)
                    .orElse(true)).count();
            long writes = (writesAfter.sent() - writesBefore.sent()) - (writesAfter.reasserted() - writesBefore.reasserted());
            long duplicated = Math.max(0, writes - ids.size());
            figures.report("missed_cycles", after.missedCycles() - before.missedCycles(), "cycles");
            figures.report("lost_commands", lost, "commands");
            figures.report("duplicated_commands", duplicated, "commands");
            List<Double> gaps = gapsMillis(events);
            figures.report("gap_ms_max", gaps.stream().mapToDouble(Double::doubleValue).max().orElse(0), "ms");
            figures.report("gap_ms_p50", gaps.isEmpty() ? 0 : gaps.stream().sorted().toList().get(gaps.size() / 2), "ms");
            figures.report("lateness_p99_ms", latenessMaxMicros / 1000.0, "ms");
            OptionalDouble verify = verifyMsPerBundle(gw);
            if (verify.isPresent()) {
                figures.report("verify_ms_p50", verify.getAsDouble(), "ms");
            } else {
                throw new IllegalStateException("swap: the deployment manager recorded no verified install");
            }
            System.err.printf("swap: %d swaps, %d commands, %d device writes, %d cycles%n", SWAPS, ids.size(), writes,
                    after.cycles() - before.cycles());
        }
    }

    /**
     * The median signature check per bundle that the deployment manager measured while installing the swapped jars
     * (its {@link DeploymentEvent#verification()}, the production check before {@code installBundle}).
     */
    static OptionalDouble verifyMsPerBundle(EmbeddedGateway gw) {
        DeploymentManager dm = gw.service(DeploymentManager.class);
        if (dm == null) {
            return OptionalDouble.empty();
        }
        double[] ms = dm.history(500).stream()
                .filter(e -> e.kind() == DeploymentEvent.Kind.INSTALLED || e.kind() == DeploymentEvent.Kind.UPDATED)
                .mapToDouble(e -> e.verification().toNanos() / 1e6).sorted().toArray();
        return ms.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(ms[ms.length / 2]);
    }

    /** Each time from an adapter service leaving to the next one registering. */
    static List<Double> gapsMillis(List<long[]> events) {
        List<Double> out = new ArrayList<>();
        long left = -1;
        for (long[] e : events) {
            if (e[0] == 0) {
                left = e[1];
            } else if (e[0] == 1 && left >= 0) {
                out.add((e[1] - left) / 1e6);
                left = -1;
            }
        }
        return out;
    }

    private static CommandCounters counters(CommandRegistry r) {
        return r.command(SG_READY).map(CommandStatus::counters).orElse(CommandCounters.ZERO);
    }

    static void await(String what, long timeoutMs, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** One command after another, each submitted once the previous is done. */
    static final class Driver {
        private final OemCommands oem;
        private final List<String> ids = new CopyOnWriteArrayList<>();
        private final List<String> completed = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean stop;
        private volatile Exception failure;

        Driver(OemCommands oem) {
            this.oem = oem;
            String run = Long.toString(System.currentTimeMillis(), 36);
            thread = new Thread(() -> {
                String[] verbs = {"eco", "boost", "normal"};
                try {
                    for (int i = 0; !stop; i++) {
                        String id = "bench-" + run + "-" + i;
                        ids.add(id);
                        oem.submit(id, "heatpump", org.thermalcommons.edge.api.oem.OemAction.of(verbs[i % 3]), "bench-swap");
                        await(id + " finished", 300_000, () -> oem.find(id).map(c -> c.state().terminal()).orElse(false));
                        if (oem.find(id).map(c -> c.state() == OemCommandState.COMPLETED).orElse(false)) {
                            completed.add(id);
                        }
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "bench-swap-driver");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        int completed() {
            return completed.size();
        }

        List<String> submitted() {
            return new ArrayList<>(ids);
        }

        void stopAndJoin() throws Exception {
            stop = true;
            thread.join(300_000);
            if (failure != null) {
                throw failure;
            }
        }
    }
}
