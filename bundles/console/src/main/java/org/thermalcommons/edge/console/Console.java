package org.thermalcommons.edge.console;

import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.console.auth.LoginGuard;
import org.thermalcommons.edge.console.auth.PasswordHasher;
import org.thermalcommons.edge.console.auth.Sessions;
import org.thermalcommons.edge.console.auth.SetupLink;
import org.thermalcommons.edge.console.auth.UserStore;
import org.thermalcommons.edge.console.http.ApiServlet;
import org.thermalcommons.edge.console.http.HttpMetrics;
import org.thermalcommons.edge.console.http.Json;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.http.StaticServlet;
import org.thermalcommons.edge.console.live.LiveHub;
import org.thermalcommons.edge.console.live.StreamServlet;
import org.thermalcommons.edge.console.ops.OpsServlets;
import org.thermalcommons.edge.console.ops.PrometheusExporter;
import org.thermalcommons.edge.console.override.ManualOverride;
import org.thermalcommons.edge.console.override.OverrideController;
import org.thermalcommons.edge.console.override.OverrideStore;

/**
 * The console application, free of OSGi: its servlets by path pattern, the override controller and the live hub.
 * The DS component registers these with the HTTP whiteboard; tests and the benchmark mount the same servlets in an
 * embedded Jetty.
 */
public final class Console implements AutoCloseable {
    private final Sessions sessions;
    private final LoginGuard guard;
    private final SetupLink setup = new SetupLink();
    private final UserStore users;
    private final LiveHub hub;
    private final OverrideController overrides;
    private final OverrideStore overrideStore;
    private final HttpMetrics http = new HttpMetrics();
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    public Console(ConsoleSettings s, Gateway gateway, UserStore users, Clock wall, ClassLoader resources) {
        this.users = users;
        Json json = new Json(s.bodyLimitBytes());
        this.sessions = new Sessions(wall, s.idleTimeout(), s.absoluteTimeout(), 10_000);
        this.guard = new LoginGuard(wall, s.maxFailures(), s.lockout(), s.loginsPerMinute());
        this.hub = new LiveHub(json::string, gateway::commands, s.maxStreams(), java.time.Duration.ofSeconds(15));
        Auditor audit = new Auditor(gateway, hub, wall);
        this.overrides = new OverrideController(wall, o -> audit.record("console", o.point().toString(),
                "manual override " + o.point() + " = " + o.value() + " (set by " + o.by() + ") expired; point released"));
        this.overrideStore = OverrideStore.open(users.file());
        for (ManualOverride o : overrideStore.load(wall.instant())) {
            overrides.set(o);
            audit.record("console", o.point().toString(), "manual override " + o.point() + " = " + o.value() + " (set by "
                    + o.by() + ") restored after a restart; until " + o.until());
        }
        PasswordHasher hasher = new PasswordHasher(s.hashIterations(), 2);

        routes.addAll(new AuthRoutes(users, hasher, sessions, guard, setup, audit, wall).routes());
        routes.addAll(new DataRoutes(gateway, overrides, wall).routes());
        routes.addAll(new OverrideRoutes(gateway, overrides, overrideStore, audit, hub, wall, s.maxOverride()).routes());
        routes.addAll(new InstallerRoutes(gateway, audit).routes());
        routes.addAll(new DiscoveryRoutes(gateway, audit).routes());

        List<MetricsSource> own = List.of(http, this::collect);
        PrometheusExporter exporter = new PrometheusExporter(() -> {
            List<MetricsSource> all = new ArrayList<>(own);
            all.addAll(gateway.metricsSources());
            return all;
        });
        servlets.put("/api/*", new ApiServlet(routes, sessions, json, http));
        servlets.put("/stream", new StreamServlet(hub, sessions, http, ApiServlet::sessionCookie));
        servlets.put("/metrics", OpsServlets.metrics(exporter, http));
        servlets.put("/health", OpsServlets.health(gateway::healthIndicators, s.requiredHealth(), json, http));
        servlets.put("/", new StaticServlet(resources));
    }

    /** Servlets by whiteboard path pattern; {@code /stream} needs async support. */
    public Map<String, HttpServlet> servlets() {
        return servlets;
    }

    public static boolean async(String pattern) {
        return pattern.equals("/stream");
    }

    /** The REST routes (under /api). */
    List<Route> routes() {
        return List.copyOf(routes);
    }

    public OverrideController overrideController() {
        return overrides;
    }

    /** Hands the cycle's snapshot to the live stream; returns at once (called on the cycle thread). */
    public void cycleCompleted(CycleReport report) {
        hub.offer(report.snapshot());
    }

    /** The one-time setup token, when there is no account yet. */
    public Optional<String> issueSetupToken() {
        return setup.issueIfNoUsers(users);
    }

    public LiveHub hub() {
        return hub;
    }

    private void collect(MetricsCollector out) {
        out.counter("cool_edge_console_logins_failed_total", "Failed console logins", Map.of(), guard.failedLogins());
        out.counter("cool_edge_console_lockouts_total", "Console accounts locked after repeated failures", Map.of(), guard.lockouts());
        out.counter("cool_edge_console_logins_throttled_total", "Console logins refused by the per-address rate limit", Map.of(),
                guard.throttledLogins());
        out.gauge("cool_edge_console_sessions", "Signed-in console sessions", Map.of(), sessions.count());
        out.gauge("cool_edge_console_streams", "Connected live streams", Map.of(), hub.clients());
        out.counter("cool_edge_console_stream_frames_total", "Frames written to live streams", Map.of(), hub.framesSent());
        out.counter("cool_edge_console_stream_dropped_events_total", "Console events dropped (stream queue full)", Map.of(),
                hub.droppedEvents());
        out.counter("cool_edge_console_stream_conflated_total", "Stream batches dropped for clients that fell behind (sent the full state instead)",
                Map.of(), hub.conflatedBatches());
        out.counter("cool_edge_console_stream_resyncs_total", "Full-state frames sent to streams that had fallen behind", Map.of(),
                hub.resyncs());
        out.counter("cool_edge_console_streams_dropped_total", "Streams ended (connection gone or session over)", Map.of(),
                hub.droppedClients());
        out.gauge("cool_edge_console_overrides", "Active manual overrides", Map.of(), overrides.all().size());
    }

    @Override
    public void close() {
        hub.close();
        overrideStore.close();
    }
}
