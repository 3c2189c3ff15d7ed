package org.thermalcommons.edge.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleListener;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * The control cycle as a DS component: a dedicated thread runs {@link CycleEngine} at a fixed rate. Also the
 * gateway's {@link CommandRegistry}, the cycle's metrics and its (required) health.
 */
@Component(service = {ControlCycle.class, CommandRegistry.class, MetricsSource.class, HealthIndicator.class},
        immediate = true, configurationPid = ControlCycleComponent.PID)
@Designate(ocd = ControlCycleComponent.Config.class)
public class ControlCycleComponent implements ControlCycle, CommandRegistry, MetricsSource, HealthIndicator {
    static final String PID = "org.thermalcommons.edge.core.Cycle";
    private static final Logger LOG = LoggerFactory.getLogger(ControlCycleComponent.class);

    @ObjectClassDefinition(name = "COOL Edge control cycle", description = "Period and fault handling of the control cycle")
    @interface Config {
        @AttributeDefinition(name = "Period (ms)", min = "10", max = "60000", description = "Cycle period in wall-clock milliseconds")
        int periodMs() default 1000;

        @AttributeDefinition(name = "Failures before isolation", min = "1", max = "1000",
                description = "Consecutive failed or overrunning runs after which a controller is isolated")
        int maxConsecutiveFailures() default 3;

        @AttributeDefinition(name = "Safe state on shutdown", description = "Write every point's safe value when the cycle stops")
        boolean safeStateOnShutdown() default true;

        @AttributeDefinition(name = "Safe state wait (ms)", min = "0", max = "60000",
                description = "Longest wall time the shutdown waits for safe values to be verified by read-back")
        int safeStateWaitMs() default 5000;

        @AttributeDefinition(name = "Controller budget cap (% of period)", min = "1", max = "90",
                description = "No controller's time budget exceeds this share of the period, whatever it declares")
        int controllerBudgetPercent() default 50;

        @AttributeDefinition(name = "Runaway grace (ms)", min = "100", max = "600000",
                description = "An interrupted controller still running after this long has its bundle stopped")
        int runawayGraceMs() default 5000;

        @AttributeDefinition(name = "Hot-swap grace (ms)", min = "0", max = "600000",
                description = "A removed controller's requests stay in force this long for a successor with the same id")
        int swapGraceMs() default 5000;

        @AttributeDefinition(name = "Command retry back-off minimum (ms)", min = "0", max = "600000",
                description = "Wait before re-sending a refused, unreachable or unverified command; doubles per attempt")
        int retryMinMs() default 1000;

        @AttributeDefinition(name = "Command retry back-off maximum (ms)", min = "100", max = "3600000",
                description = "Longest wait between re-sends; a failed command is tried again after this long")
        int retryMaxMs() default 60000;

        @AttributeDefinition(name = "Shadow controllers", required = false, description = "Controller ids that run every"
                + " cycle but whose requests are only recorded and compared, never applied; remove an id to promote it")
        String[] shadowControllers() default {};

        @AttributeDefinition(name = "Shadow report interval (s of gateway-clock time)", min = "1", max = "86400")
        int shadowReportSeconds() default 900;
    }

    final CycleEngine engine = new CycleEngine(System::nanoTime);
    private volatile boolean safeStateOnShutdown = true;
    private volatile Duration safeStateWait = Duration.ofSeconds(5);
    private volatile boolean running;
    private boolean firstCycleLogged;
    private Thread thread;

    @Activate
    void activate(Config config, BundleContext context) {
        engine.setBundleStopper(id -> stopBundle(context, id));
        start(config);
    }

    /** Configures and starts the cycle thread (also the entry point outside OSGi: no bundle can be stopped then). */
    void start(Config config) {
        apply(config);
        running = true;
        thread = new Thread(this::loop, "cool-edge-cycle");
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.setDaemon(true);
        thread.start();
        LOG.info("Control cycle started, period {} ms", config.periodMs());
    }

    @Modified
    void modified(Config config) {
        apply(config);
        LOG.info("Control cycle reconfigured, period {} ms", config.periodMs());
    }

    private void apply(Config config) {
        configure(engine, config);
        safeStateOnShutdown = config.safeStateOnShutdown();
        safeStateWait = Duration.ofMillis(config.safeStateWaitMs());
    }

    /** Validates the configuration and applies it to an engine (also used to step the engine in virtual time). */
    static void configure(CycleEngine engine, Config config) {
        if (config.periodMs() < 10 || config.periodMs() > 60_000) {
            throw new IllegalArgumentException("periodMs must be 10..60000, was " + config.periodMs());
        }
        if (config.maxConsecutiveFailures() < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be >= 1");
        }
        if (config.controllerBudgetPercent() < 1 || config.controllerBudgetPercent() > 90) {
            throw new IllegalArgumentException("controllerBudgetPercent must be 1..90");
        }
        if (config.retryMaxMs() < config.retryMinMs()) {
            throw new IllegalArgumentException("retryMaxMs must not be below retryMinMs");
        }
        Duration period = Duration.ofMillis(config.periodMs());
        engine.configure(period, config.maxConsecutiveFailures(),
                period.multipliedBy(config.controllerBudgetPercent()).dividedBy(100),
                Duration.ofMillis(config.runawayGraceMs()),
                new RetryTiming(Duration.ofMillis(config.retryMinMs()), Duration.ofMillis(config.retryMaxMs())),
                Duration.ofMillis(config.swapGraceMs()));
        if (config.shadowReportSeconds() < 1) {
            throw new IllegalArgumentException("shadowReportSeconds must be >= 1");
        }
        String[] shadow = config.shadowControllers() == null ? new String[0] : config.shadowControllers();
        engine.configureShadow(java.util.Arrays.stream(shadow).map(String::trim).filter(x -> !x.isEmpty())
                .collect(java.util.stream.Collectors.toSet()), Duration.ofSeconds(config.shadowReportSeconds()));
    }

    /** Stops the bundle that registered a runaway controller, unless it is the framework or the core itself. */
    static String stopBundle(BundleContext context, long id) {
        Bundle b = context.getBundle(id);
        if (b == null) {
            return "its bundle " + id + " is gone";
        }
        if (id == 0 || id == context.getBundle().getBundleId()) {
            return "its bundle " + b.getSymbolicName() + " is not stopped (framework or core)";
        }
        try {
            b.stop();
            return "its bundle " + b.getSymbolicName() + " [" + id + "] was stopped";
        } catch (BundleException | RuntimeException e) {
            return "stopping its bundle " + b.getSymbolicName() + " [" + id + "] failed: " + e.getMessage();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(10_000);
        if (safeStateOnShutdown) {
            engine.safeState(safeStateWait);
        }
        engine.close();
        LOG.info("Control cycle stopped after {} cycles", engine.statistics().cycles());
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            long late = now - next;
            try {
                engine.runCycle(Duration.ofNanos(late));
                if (!firstCycleLogged) {
                    firstCycleLogged = true;
                    LOG.info("First control cycle completed {} ms after the JVM started",
                            System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
                }
            } catch (RuntimeException | Error e) {
                LOG.error("Control cycle failed unexpectedly; the next cycle runs on schedule", e);
            }
            long periodNanos = engine.period().toNanos();
            next += periodNanos;
            long after = System.nanoTime();
            if (after - next > periodNanos) {
                long missed = (after - next) / periodNanos;
                LOG.warn("Control cycle fell {} periods behind; skipping ahead", missed);
                next += missed * periodNanos;
                engine.missed(missed);
            }
        }
    }

    @Override
    public CycleStatistics statistics() {
        return engine.statistics();
    }

    @Override
    public Optional<CycleReport> lastReport() {
        return engine.lastReport();
    }

    @Override
    public List<CommandStatus> commands() {
        return engine.commands.commands();
    }

    @Override
    public Optional<CommandStatus> command(PointId point) {
        return engine.commands.command(point);
    }

    @Override
    public void collect(MetricsCollector out) {
        try {
            CycleMetrics.collect(engine, out);
        } catch (RuntimeException e) {
            LOG.warn("Cycle metrics could not be collected: {}", e.toString());
        }
    }

    @Override
    public String component() {
        return "cycle";
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public Health health() {
        return CycleHealth.of(engine, running && thread != null && thread.isAlive());
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindClock(EdgeClock c) {
        engine.setClock(c);
    }

    void unbindClock(EdgeClock c) {
        engine.unsetClock(c);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAudit(AuditLog a) {
        engine.setAudit(a);
    }

    void unbindAudit(AuditLog a) {
        engine.unsetAudit(a);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindSource(PointSource s) {
        engine.addSource(s);
    }

    void unbindSource(PointSource s) {
        engine.removeSource(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindSink(PointSink s) {
        engine.addSink(s);
    }

    void unbindSink(PointSink s) {
        engine.removeSink(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedController")
    void bindController(Controller c, Map<String, Object> properties) {
        engine.addController(c, properties);
    }

    void updatedController(Controller c, Map<String, Object> properties) {
        engine.controllerModified(c);
    }

    void unbindController(Controller c) {
        engine.removeController(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(CycleListener l) {
        engine.addListener(l);
    }

    void unbindListener(CycleListener l) {
        engine.removeListener(l);
    }
}
