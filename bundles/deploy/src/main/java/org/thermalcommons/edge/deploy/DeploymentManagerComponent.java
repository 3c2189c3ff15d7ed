package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.deploy.DeployedBundle;
import org.thermalcommons.edge.api.deploy.DeploymentEvent;
import org.thermalcommons.edge.api.deploy.DeploymentManager;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.input.Rejections;

/**
 * The deployment manager (replaces fileinstall): watches the folder named by the framework property
 * {@code cool.edge.deploy} and runs the {@link Deployer} on its own thread, every {@code pollMillis} and for each
 * request. Every event is logged once (the refusals with file and rule), written to the audit log and counted.
 */
@Component(immediate = true, service = {DeploymentManager.class, MetricsSource.class}, configurationPid = DeploymentManagerComponent.PID)
@Designate(ocd = DeploymentConfig.class)
public class DeploymentManagerComponent implements DeploymentManager, MetricsSource {
    static final String PID = "org.thermalcommons.edge.deploy.Deployment";
    /** Framework property naming the deploy folder. */
    public static final String DEPLOY_PROPERTY = "cool.edge.deploy";
    private static final int HISTORY = 500;
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentManagerComponent.class);

    @Reference
    ServiceComponentRuntime scr;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AuditLog audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ControlCycle cycle;

    private final ArrayDeque<DeploymentEvent> history = new ArrayDeque<>();
    private final Rejections refused = new Rejections();
    private final Map<DeploymentEvent.Kind, LongAdder> byKind = new ConcurrentHashMap<>();
    private final RateLimitedLog scanLog = RateLimitedLog.perMinute(LOG);
    private ScheduledExecutorService worker;
    private ScheduledFuture<?> polling;
    private Deployer deployer;
    private JarVerifier verifier;
    private HealthWait healthWait;
    private OsgiBundleHost host;
    private volatile Path trustDir;
    private volatile long maxBytes;
    private volatile List<DeployedBundle> deployed = List.of();
    private Path folder;

    @Activate
    void activate(BundleContext ctx, DeploymentConfig config) throws IOException {
        String home = Optional.ofNullable(ctx.getProperty("cool.edge.home")).orElse(".");
        folder = Path.of(Optional.ofNullable(ctx.getProperty(DEPLOY_PROPERTY)).orElse(home + "/deploy")).toAbsolutePath().normalize();
        Path data = Path.of(Optional.ofNullable(ctx.getProperty("cool.edge.data")).orElse(home + "/data")).resolve("deploy");
        KeptVersions kept = new KeptVersions(data);
        kept.clearStaging();
        host = new OsgiBundleHost(ctx, () -> scr, () -> cycle, config.startLevel());
        healthWait = new HealthWait(HealthWait.SYSTEM, Duration.ofSeconds(config.healthTimeoutSeconds()),
                Duration.ofMillis(config.healthSettleMillis()), 100);
        configure(ctx, config);
        verifier = new JarVerifier(this::trustAnchors, () -> maxBytes, Clock.systemUTC());
        deployer = new Deployer(new FolderScan(folder), kept, verifier, host, healthWait, Clock.systemUTC(), this::onEvent);
        uninstallLeftovers(ctx);
        Files.createDirectories(folder);
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-deploy");
            t.setDaemon(true);
            return t;
        });
        polling = worker.scheduleWithFixedDelay(this::scanSafely, 0, config.pollMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Deploying signed bundles from {} (trusted certificates in {}: {})", folder, trustDir, trustAnchors().certificates().size());
    }

    @Modified
    void modified(BundleContext ctx, DeploymentConfig config) {
        configure(ctx, config);
        host.startLevel(config.startLevel());
        healthWait.configure(Duration.ofSeconds(config.healthTimeoutSeconds()), Duration.ofMillis(config.healthSettleMillis()), 100);
        polling.cancel(false);
        polling = worker.scheduleWithFixedDelay(this::scanSafely, config.pollMillis(), config.pollMillis(), TimeUnit.MILLISECONDS);
    }

    private void configure(BundleContext ctx, DeploymentConfig config) {
        String etc = Optional.ofNullable(ctx.getProperty("cool.edge.etc")).orElse("etc");
        trustDir = config.trustDirectory().isBlank() ? Path.of(etc, "trust") : Path.of(config.trustDirectory());
        maxBytes = config.maxBundleBytes();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    TrustAnchors trustAnchors() {
        TrustAnchors t = TrustAnchors.load(trustDir);
        for (String p : t.problems()) {
            scanLog.warn("trust:" + p, "Trust store: {}", p);
        }
        return t;
    }

    /** Bundles a previous activation of this component deployed: installed again from deploy/ by the first scans. */
    private static void uninstallLeftovers(BundleContext ctx) {
        for (Bundle b : ctx.getBundles()) {
            if (b.getLocation().startsWith(Deployer.LOCATION_PREFIX)) {
                try {
                    b.uninstall();
                } catch (BundleException | IllegalStateException e) {
                    LOG.warn("Could not uninstall {} left by an earlier run of the deployment manager: {}", b.getSymbolicName(), e.toString());
                }
            }
        }
    }

    private void scanSafely() {
        try {
            deployer.scan();
        } catch (Throwable e) { // NOPMD: the polling must survive anything; logged once a minute per kind
            scanLog.warn("scan:" + e.getClass().getName(), "Scan of {} failed ({}); retried at the next scan", folder, String.valueOf(e));
        } finally {
            deployed = deployer.deployed();
        }
    }

    private void onEvent(DeploymentEvent e) {
        synchronized (history) {
            history.addLast(e);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        byKind.computeIfAbsent(e.kind(), k -> new LongAdder()).increment();
        String text = switch (e.kind()) {
            case INSTALLED, UPDATED, UNINSTALLED -> "Deployment: " + e.detail();
            case REFUSED -> e.detail();
            case ROLLED_BACK, FAILED -> "Deployment " + e.kind() + ": " + e.detail() + " [rule " + e.rule() + "]";
        };
        switch (e.kind()) {
            case REFUSED -> {
                refused.count(e.rule());
                LOG.error(text);
            }
            case ROLLED_BACK, FAILED -> LOG.error(text);
            default -> LOG.info(text);
        }
        AuditLog a = audit;
        if (a != null) {
            try {
                a.record(new AuditEvent(e.at(), "bundle", e.symbolicName().isEmpty() ? e.file() : e.symbolicName(), text));
            } catch (RuntimeException ex) {
                scanLog.warn("audit", "Could not record a deployment event in the audit log: {}", String.valueOf(ex));
            }
        }
    }

    @Override
    public List<DeployedBundle> deployed() {
        return deployed;
    }

    @Override
    public Optional<DeployedBundle> deployed(String symbolicName) {
        return deployed.stream().filter(d -> d.symbolicName().equals(symbolicName)).findFirst();
    }

    @Override
    public List<DeploymentEvent> history(int limit) {
        synchronized (history) {
            List<DeploymentEvent> all = List.copyOf(history);
            return all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size());
        }
    }

    @Override
    public CompletionStage<DeploymentEvent> install(Path jar) {
        return submit(() -> deployer.install(jar));
    }

    @Override
    public CompletionStage<DeploymentEvent> uninstall(String symbolicName) {
        return submit(() -> deployer.uninstall(symbolicName));
    }

    @Override
    public CompletionStage<DeploymentEvent> rollback(String symbolicName) {
        return submit(() -> deployer.rollback(symbolicName));
    }

    private interface Step {
        DeploymentEvent run() throws IOException;
    }

    private CompletionStage<DeploymentEvent> submit(Step step) {
        CompletableFuture<DeploymentEvent> f = new CompletableFuture<>();
        worker.execute(() -> {
            // deployed() is brought up to date before the request completes: who follows the completion reads it next.
            DeploymentEvent e;
            try {
                e = step.run();
            } catch (IOException | RuntimeException x) {
                deployed = deployer.deployed();
                f.completeExceptionally(x);
                return;
            }
            deployed = deployer.deployed();
            f.complete(e);
        });
        return f;
    }

    @Override
    public void collect(MetricsCollector out) {
        refused.byRule().forEach((rule, n) -> out.counter("cool_edge_deploy_refused_total",
                "Jars in deploy/ refused (not installed), by rule", Map.of("rule", rule), n));
        byKind.forEach((kind, n) -> out.counter("cool_edge_deploy_events_total", "Deployment steps, by outcome",
                Map.of("kind", kind.name().toLowerCase(java.util.Locale.ROOT)), n.sum()));
        out.gauge("cool_edge_deploy_bundles", "Bundles deployed from deploy/", Map.of(), deployed.size());
    }
}
