package org.thermalcommons.edge.oem.heatpump.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.oem.HeatPumpActions;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemAdapter;
import org.thermalcommons.edge.api.oem.OemResult;
import org.thermalcommons.edge.api.oem.RateLimits;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.input.json.BoundedJson;
import org.thermalcommons.edge.input.json.JsonLimits;

/**
 * A heat pump behind a vendor-style local REST API (one configuration per device, see docs/oem-http.md): the generic
 * actions {@code boost}, {@code normal}, {@code eco}, {@code off} (with {@code dhwSetpointCelsius}) become
 * {@code PUT /api/v1/mode}; verification reads {@code GET /api/v1/state} back. Keeps no command state: the oem bundle's
 * log does, and calls {@link #send} and {@link #verify} one at a time.
 */
@Component(service = {OemAdapter.class, MetricsSource.class, HealthIndicator.class},
        configurationPid = HttpHeatPumpAdapter.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HttpHeatPumpAdapter.Config.class, factory = true)
public class HttpHeatPumpAdapter implements OemAdapter, MetricsSource, HealthIndicator {
    static final String PID = "org.thermalcommons.edge.oem.heatpump.http.HttpHeatPump";
    private static final Logger LOG = LoggerFactory.getLogger(HttpHeatPumpAdapter.class);
    /** A state answer is a handful of fields. */
    private static final JsonLimits ANSWER_LIMITS = new JsonLimits(1024 * 1024, 8, 1024, 64, 32, 1_000);

    @ObjectClassDefinition(name = "COOL Edge OEM heat pump (vendor REST API)",
            description = "A heat pump commanded through its vendor's local REST API with a bearer token")
    @interface Config {
        @AttributeDefinition(name = "Device id in the gateway", description = "e.g. heatpump-2") String deviceId();

        @AttributeDefinition(name = "Vendor API base URL", description = "e.g. http://127.0.0.1:8481") String baseUrl();

        /** Property {@code .token}: private, never a service property. */
        @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD) String _token();

        @AttributeDefinition(name = "Vendor quota: calls per minute", description = "0: no limit", min = "0", max = "100000")
        int perMinute() default 10;

        @AttributeDefinition(name = "Vendor quota: calls per hour", description = "0: no limit", min = "0", max = "1000000")
        int perHour() default 200;

        @AttributeDefinition(name = "Vendor quota: calls per day", description = "0: no limit", min = "0", max = "10000000")
        int perDay() default 2000;

        @AttributeDefinition(name = "Connect timeout (ms)", min = "50", max = "60000") int connectTimeoutMs() default 2000;

        @AttributeDefinition(name = "Call timeout (ms, whole exchange)", min = "100", max = "120000") int callTimeoutMs() default 5000;

        @AttributeDefinition(name = "Verify after (ms)", min = "0", max = "3600000") int verifyDelayMs() default 3000;

        @AttributeDefinition(name = "Largest answer read (bytes)", min = "256", max = "1048576") int maxResponseBytes() default 16384;

        @AttributeDefinition(name = "Lowest hot water setpoint sent (°C)", min = "10", max = "90") double minSetpointCelsius() default 35;

        @AttributeDefinition(name = "Highest hot water setpoint sent (°C)", min = "10", max = "90") double maxSetpointCelsius() default 65;

        @AttributeDefinition(name = "Setpoint read-back tolerance (K)", min = "0", max = "5") double setpointToleranceKelvin() default 0.25;

        @AttributeDefinition(name = "Health probe: read the state every (s)", description = "0: no probe (health then "
                + "follows the commands' calls); a probe uses the vendor's quota too", min = "0", max = "3600")
        int probeSeconds() default 0;
    }

    private final AdapterCounters counters = new AdapterCounters();
    private final RateLimitedLog problems = RateLimitedLog.perMinute(LOG);
    private volatile AdapterOptions options;
    private volatile VendorClient client;
    private volatile VendorProtocol protocol;
    private volatile Outcomes outcomes;
    private ExecutorService executor;
    private ScheduledExecutorService prober;

    @Activate
    void activate(Config c) {
        AdapterOptions o = options(c);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cool-edge-oem-http-" + o.deviceId());
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(o.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        start(o, http);
        if (c.probeSeconds() > 0) {
            prober = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cool-edge-oem-http-probe-" + o.deviceId());
                t.setDaemon(true);
                return t;
            });
            prober.scheduleWithFixedDelay(this::probe, 0, c.probeSeconds(), TimeUnit.SECONDS);
        }
        LOG.info("OEM heat pump {} through its vendor API: {}, health probe {}", o.deviceId(), o,
                c.probeSeconds() > 0 ? "every " + c.probeSeconds() + " s" : "off");
    }

    /** Wires the adapter to an HTTP client (tests pass their own). */
    void start(AdapterOptions o, HttpClient http) {
        options = o;
        protocol = new VendorProtocol(o, new BoundedJson(ANSWER_LIMITS));
        outcomes = new Outcomes(protocol, counters, Instant::now, o.maxResponseBytes());
        client = new VendorClient(o, http);
    }

    /** Reads the state for health and metrics (not a command: the oem bundle knows nothing of it). */
    void probe() {
        try {
            OemResult r = outcomes.afterProbe("GET " + VendorProtocol.STATE + " (probe)",
                    client.exchange("GET", VendorProtocol.STATE, Optional.empty()));
            counters.call("probe", r.outcome());
            if (r.outcome() != OemResult.Outcome.OK) {
                problems.warn(options.deviceId() + "|probe", "OEM heat pump {}: health probe failed: {}", options.deviceId(),
                        r.detail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("OEM heat pump {}: health probe failed unexpectedly; tried again at the next probe", options.deviceId(), e);
        }
    }

    @Deactivate
    void deactivate() {
        if (prober != null) {
            prober.shutdownNow();
        }
        VendorClient c = client;
        if (c != null) {
            c.stop();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        LOG.info("OEM heat pump {}: adapter stopped (its commands stay in the command log)", options.deviceId());
    }

    static AdapterOptions options(Config c) {
        return new AdapterOptions(c.deviceId(), AdapterOptions.baseUri(c.baseUrl()), c._token(),
                new RateLimits(c.perMinute(), c.perHour(), c.perDay()), Duration.ofMillis(c.connectTimeoutMs()),
                Duration.ofMillis(c.callTimeoutMs()), Duration.ofMillis(c.verifyDelayMs()), c.maxResponseBytes(),
                c.minSetpointCelsius(), c.maxSetpointCelsius(), c.setpointToleranceKelvin());
    }

    @Override
    public String deviceId() {
        return options.deviceId();
    }

    @Override
    public String family() {
        return HeatPumpActions.FAMILY;
    }

    @Override
    public Set<String> actions() {
        return VendorProtocol.VERBS;
    }

    @Override
    public RateLimits rateLimits() {
        return options.rateLimits();
    }

    @Override
    public Duration verifyDelay() {
        return options.verifyDelay();
    }

    @Override
    public Duration callTimeout() {
        return options.callTimeout();
    }

    @Override
    public OemResult send(OemAction action) throws InterruptedException {
        Optional<String> invalid = protocol.invalid(action);
        if (invalid.isPresent()) {
            return done("send", action, OemResult.refused("not sent: " + invalid.get()));
        }
        String what = "PUT " + VendorProtocol.MODE;
        Reply r = client.exchange("PUT", VendorProtocol.MODE, Optional.of(protocol.modeBody(action)));
        return done("send", action, outcomes.afterSend(what, r));
    }

    @Override
    public OemResult verify(OemAction action) throws InterruptedException {
        Optional<String> invalid = protocol.invalid(action);
        if (invalid.isPresent()) {
            return done("verify", action, OemResult.refused("cannot verify: " + invalid.get()));
        }
        String what = "GET " + VendorProtocol.STATE;
        Reply r = client.exchange("GET", VendorProtocol.STATE, Optional.empty());
        return done("verify", action, outcomes.afterVerify(what, action, r));
    }

    private OemResult done(String operation, OemAction action, OemResult result) {
        counters.call(operation, result.outcome());
        String device = options.deviceId();
        switch (result.outcome()) {
            case OK -> LOG.debug("OEM heat pump {}: {} {} ok: {}", device, operation, action.verb(), result.detail());
            case RETRY -> problems.warn(device + "|" + operation + "|retry", "OEM heat pump {}: {} {} to be retried: {}",
                    device, operation, action.verb(), result.detail());
            case REFUSED -> problems.warn(device + "|" + operation + "|refused", "OEM heat pump {}: {} {} refused: {}",
                    device, operation, action.verb(), result.detail());
        }
        return result;
    }

    AdapterCounters counters() {
        return counters;
    }

    @Override
    public void collect(MetricsCollector out) {
        AdapterOptions o = options;
        Outcomes oc = outcomes;
        if (o != null && oc != null) {
            counters.collect(o.deviceId(), out);
            oc.lastState().ifPresent(st -> {
                Map<String, String> device = Map.of("device", o.deviceId());
                out.gauge("cool_edge_oem_http_dhw_setpoint_celsius", "Hot water setpoint the device last reported", device,
                        st.dhwSetpointCelsius());
                st.tankCelsius().ifPresent(t -> out.gauge("cool_edge_oem_http_tank_celsius",
                        "Tank temperature the device last reported", device, t));
                st.electricKw().ifPresent(p -> out.gauge("cool_edge_oem_http_electric_kw",
                        "Electric power the device last reported", device, p));
            });
        }
    }

    @Override
    public String component() {
        AdapterOptions o = options;
        return "oem:" + (o == null ? "?" : o.deviceId());
    }

    @Override
    public Health health() {
        Outcomes o = outcomes;
        return o == null ? Health.down("not started") : o.trouble().map(t -> Health.degraded("vendor API: " + t))
                .orElse(Health.up());
    }
}
