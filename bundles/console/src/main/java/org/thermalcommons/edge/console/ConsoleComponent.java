package org.thermalcommons.edge.console;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleListener;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.market.MarketActivity;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.store.TimeSeriesStore;
import org.thermalcommons.edge.console.auth.UserStore;

/**
 * The console in the gateway: configures Felix HTTP (host, port, HTTPS) from its own validated configuration,
 * registers the console's servlets with the HTTP whiteboard and its override controller with the cycle, and prints
 * the URL and, on first start, the one-time setup link.
 */
@Component(service = CycleListener.class, immediate = true, configurationPid = ConsoleComponent.PID)
@Designate(ocd = ConsoleComponent.Config.class)
public class ConsoleComponent implements CycleListener, Gateway {
    static final String PID = "org.thermalcommons.edge.console.Console";
    static final String HTTP_PID = "org.apache.felix.http";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleComponent.class);

    @ObjectClassDefinition(name = "COOL Edge console", description = "Local web console: listener, sessions, login limits")
    @interface Config {
        @AttributeDefinition(name = "Listen address", description = "127.0.0.1 keeps the console on this machine")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port (HTTP, or HTTPS when enabled)", min = "1", max = "65535")
        int port() default 8480;

        @AttributeDefinition(name = "HTTPS", description = "Serve HTTPS only; without a keystore a self-signed one is generated in the data directory")
        boolean https() default false;

        @AttributeDefinition(name = "Keystore (PKCS#12)", description = "Empty: generated self-signed")
        String keystore() default "";

        @AttributeDefinition(name = "Keystore password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String keystorePassword() default "";

        @AttributeDefinition(name = "Session idle timeout (minutes)", min = "1", max = "1440")
        int idleMinutes() default 30;

        @AttributeDefinition(name = "Session absolute lifetime (hours)", min = "1", max = "168")
        int absoluteHours() default 12;

        @AttributeDefinition(name = "Failed logins before lock-out", min = "3", max = "20")
        int maxFailedLogins() default 5;

        @AttributeDefinition(name = "Lock-out (minutes)", min = "1", max = "1440")
        int lockoutMinutes() default 15;

        @AttributeDefinition(name = "Login attempts per address per minute", min = "1", max = "600")
        int loginsPerMinute() default 20;

        @AttributeDefinition(name = "Longest manual override (hours)", min = "1", max = "168")
        int maxOverrideHours() default 24;

        @AttributeDefinition(name = "Components /health requires", description = "Comma-separated; missing or DOWN makes /health 503")
        String requiredHealth() default "cycle,store";

        @AttributeDefinition(name = "Largest bundle upload (MiB)", description = "Jars an admin uploads on the Bundles page; the deployment manager has its own maxBundleBytes",
                min = "1", max = "512")
        int maxUploadMiB() default 32;
    }

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog auditLog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile TimeSeriesStore timeSeries;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CommandRegistry commandRegistry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile MarketActivity marketActivity;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile org.thermalcommons.edge.api.commissioning.Commissioning commissioning;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile org.thermalcommons.edge.api.config.ConfigurationEditor configurationEditor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile org.thermalcommons.edge.api.deploy.DeploymentManager deploymentManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile org.thermalcommons.edge.api.deploy.FeatureManager featureManager;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    final List<MetricsSource> metrics = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    final List<HealthIndicator> health = new CopyOnWriteArrayList<>();

    private volatile PointSnapshot latest;
    private volatile BundleContext bundleContext;
    private Console console;
    private UserStore users;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context, Config c) throws IOException {
        bundleContext = context;
        Path data = Path.of(Optional.ofNullable(context.getProperty("cool.edge.data")).orElse("data"));
        ConsoleSettings settings = new ConsoleSettings(Duration.ofMinutes(c.idleMinutes()), Duration.ofHours(c.absoluteHours()),
                c.maxFailedLogins(), Duration.ofMinutes(c.lockoutMinutes()), c.loginsPerMinute(), 16 * 1024, 64,
                Duration.ofHours(c.maxOverrideHours()), org.thermalcommons.edge.console.auth.PasswordHasher.OWASP_ITERATIONS,
                Arrays.stream(c.requiredHealth().split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
                c.maxUploadMiB() * 1024L * 1024L);
        String scheme = configureHttp(data, c);
        users = UserStore.open(data);
        console = new Console(settings, this, users, Clock.systemUTC(), ConsoleComponent.class.getClassLoader());
        for (Map.Entry<String, jakarta.servlet.http.HttpServlet> e : console.servlets().entrySet()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, e.getKey());
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "cool-edge-console" + e.getKey());
            if (Console.async(e.getKey())) {
                props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
            }
            registrations.add(context.registerService(Servlet.class, e.getValue(), props));
        }
        registrations.add(context.registerService(Controller.class, console.overrideController(), null));
        String url = scheme + "://" + (c.host().equals("0.0.0.0") ? "127.0.0.1" : c.host()) + ":" + c.port() + "/";
        LOG.info("Console: {} (users in {})", url, users.file());
        console.issueSetupToken().ifPresent(token -> LOG.warn(
                "Console: no account yet. Create the first admin with this one-time link (void once used; a restart prints a new one): {}#setup={}",
                url, token));
    }

    /** Writes Felix HTTP's configuration from ours (only when it changed, so Jetty does not restart needlessly). */
    private String configureHttp(Path data, Config c) throws IOException {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("org.apache.felix.http.host", c.host());
        props.put("org.apache.felix.http.jetty.sendServerHeader", Boolean.FALSE);
        // Jetty's own cap on a request body: the largest bundle upload and a margin; JSON bodies have their own 16 KiB limit.
        props.put("org.apache.felix.http.jetty.requestSizeLimit", Math.max(65_536L, c.maxUploadMiB() * 1024L * 1024L + 65_536L));
        String scheme = "http";
        if (c.https()) {
            String ks = c.keystore();
            String pw = c.keystorePassword();
            if (ks.isBlank()) {
                SelfSignedKeystore self = SelfSignedKeystore.ensure(data, c.host());
                ks = self.file().toString();
                pw = self.password();
                LOG.warn("Console: HTTPS with the self-signed certificate {} (SHA-256 fingerprint {}); check it against the browser's warning",
                        self.file(), self.fingerprint());
            }
            props.put("org.apache.felix.http.enable", Boolean.FALSE);
            props.put("org.apache.felix.https.enable", Boolean.TRUE);
            props.put("org.osgi.service.http.port.secure", c.port());
            props.put("org.apache.felix.https.keystore", ks);
            props.put("org.apache.felix.https.keystore.password", pw);
            props.put("org.apache.felix.https.keystore.key.password", pw);
            scheme = "https";
        } else {
            props.put("org.apache.felix.http.enable", Boolean.TRUE);
            props.put("org.apache.felix.https.enable", Boolean.FALSE);
            props.put("org.osgi.service.http.port", c.port());
        }
        Configuration http = configAdmin.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> old = http.getProperties();
        if (old == null || !same(old, props)) {
            http.update(props);
        }
        return scheme;
    }

    private static boolean same(Dictionary<String, Object> old, Hashtable<String, Object> now) {
        for (Map.Entry<String, Object> e : now.entrySet()) {
            if (!Objects.equals(String.valueOf(old.get(e.getKey())), String.valueOf(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        console.close();
        users.close();
    }

    @Override
    public void cycleCompleted(CycleReport report) {
        latest = report.snapshot();
        Console c = console;
        if (c != null) {
            c.cycleCompleted(report);
        }
    }

    @Override
    public Optional<PointSnapshot> snapshot() {
        return Optional.ofNullable(latest);
    }

    @Override
    public Optional<AuditLog> audit() {
        return Optional.ofNullable(auditLog);
    }

    @Override
    public Optional<TimeSeriesStore> store() {
        return Optional.ofNullable(timeSeries);
    }

    @Override
    public Optional<CommandRegistry> commands() {
        return Optional.ofNullable(commandRegistry);
    }

    @Override
    public List<MetricsSource> metricsSources() {
        return List.copyOf(metrics);
    }

    @Override
    public Optional<MarketActivity> market() {
        return Optional.ofNullable(marketActivity);
    }

    @Override
    public Optional<org.thermalcommons.edge.api.commissioning.Commissioning> commissioning() {
        return Optional.ofNullable(commissioning);
    }

    @Override
    public Optional<org.thermalcommons.edge.api.config.ConfigurationEditor> configuration() {
        return Optional.ofNullable(configurationEditor);
    }

    @Override
    public List<BundleInfo> bundles() {
        BundleContext ctx = bundleContext;
        if (ctx == null) {
            return List.of();
        }
        List<BundleInfo> out = new ArrayList<>();
        try {
            for (org.osgi.framework.Bundle b : ctx.getBundles()) {
                out.add(new BundleInfo(b.getBundleId(), Optional.ofNullable(b.getSymbolicName()).orElse(""),
                        b.getVersion().toString(), BundleInfo.state(b.getState()), b.getLocation()));
            }
        } catch (IllegalStateException e) {
            return List.of(); // the console is stopping: its context is no longer valid
        }
        return out;
    }

    @Override
    public Optional<org.thermalcommons.edge.api.deploy.DeploymentManager> deployments() {
        return Optional.ofNullable(deploymentManager);
    }

    @Override
    public Optional<org.thermalcommons.edge.api.deploy.FeatureManager> features() {
        return Optional.ofNullable(featureManager);
    }

    @Override
    public List<HealthIndicator> healthIndicators() {
        return List.copyOf(health);
    }
}
