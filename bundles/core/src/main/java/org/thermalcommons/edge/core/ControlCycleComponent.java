package org.thermalcommons.edge.core;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
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
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.time.EdgeClock;

/** The control cycle as a DS component: a dedicated thread runs {@link CycleEngine} at a fixed rate. */
@Component(service = ControlCycle.class, immediate = true, configurationPid = ControlCycleComponent.PID)
@Designate(ocd = ControlCycleComponent.Config.class)
public class ControlCycleComponent implements ControlCycle {
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
    }

    final CycleEngine engine = new CycleEngine(System::nanoTime);
    private volatile boolean safeStateOnShutdown = true;
    private volatile boolean running;
    private boolean firstCycleLogged;
    private Thread thread;

    @Activate
    void activate(Config config) {
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
        if (config.periodMs() < 10 || config.periodMs() > 60_000) {
            throw new IllegalArgumentException("periodMs must be 10..60000, was " + config.periodMs());
        }
        if (config.maxConsecutiveFailures() < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be >= 1");
        }
        engine.configure(Duration.ofMillis(config.periodMs()), config.maxConsecutiveFailures());
        safeStateOnShutdown = config.safeStateOnShutdown();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(10_000);
        if (safeStateOnShutdown) {
            engine.safeState();
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
    void bindController(Controller c) {
        engine.addController(c);
    }

    void updatedController(Controller c) {
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
