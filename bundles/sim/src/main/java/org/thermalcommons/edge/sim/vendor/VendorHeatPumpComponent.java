package org.thermalcommons.edge.sim.vendor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * The simulated building's vendor air-to-water heat pump and its local REST API (see docs/sim.md). Runs only when
 * configured; the physics follows the simulation's clock, the API's quota, faults and delays are wall time. Registers
 * a {@link MetricsSource} whose properties {@value #PORT_PROPERTY} and {@value #URL_PROPERTY} tell the port the API
 * listens on (the one the OS chose for {@code port = 0}).
 */
@Component(service = {}, immediate = true, configurationPid = VendorHeatPumpComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = VendorHeatPumpComponent.Config.class)
public class VendorHeatPumpComponent implements MetricsSource {
    static final String PID = "org.thermalcommons.edge.sim.VendorHeatPump";
    static final String PORT_PROPERTY = "sim.vendorApi.port";
    static final String URL_PROPERTY = "sim.vendorApi.url";
    private static final Logger LOG = LoggerFactory.getLogger(VendorHeatPumpComponent.class);

    @ObjectClassDefinition(name = "COOL Edge simulated vendor heat pump",
            description = "A vendor air-to-water heat pump with a local REST API (token auth, quota, faults) on loopback")
    @interface Config {
        @AttributeDefinition(name = "Listen address (loopback only)") String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", description = "0: a free port chosen by the OS", min = "0", max = "65535")
        int port() default 8481;

        @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD,
                description = "16-256 characters of [A-Za-z0-9._~+/-]") String token();

        @AttributeDefinition(name = "Compressor power (kW electric)", min = "0.5", max = "50") double ratedKw() default 4;

        @AttributeDefinition(name = "Initial hot water setpoint (°C)", min = "35", max = "65") double dhwSetpointCelsius() default 50;

        @AttributeDefinition(name = "Quota: requests per window", description = "0: no quota", min = "0", max = "100000")
        int quotaRequests() default 30;

        @AttributeDefinition(name = "Quota window (s, wall)", min = "1", max = "86400") int quotaWindowSeconds() default 60;

        @AttributeDefinition(name = "Share of requests answered 500", min = "0", max = "1") double errorRate() default 0.05;

        @AttributeDefinition(name = "Share of answers that are slow", min = "0", max = "1") double slowAnswerRate() default 0.05;

        @AttributeDefinition(name = "Extra delay of a slow answer (ms)", min = "0", max = "120000") int slowAnswerMs() default 1500;

        @AttributeDefinition(name = "Delay of every answer (ms)", min = "0", max = "120000") int answerDelayMs() default 20;

        @AttributeDefinition(name = "Mode takes effect after (ms, wall)", min = "0", max = "120000") int applyDelayMs() default 2000;

        @AttributeDefinition(name = "Largest request body (bytes)", min = "64", max = "1048576") int maxBodyBytes() default 4096;

        @AttributeDefinition(name = "Seed of the fault draws") long seed() default 42;
    }

    @Reference(target = "(clock=simulation)")
    EdgeClock clock;

    private final VendorCounters counters = new VendorCounters();
    private final AtomicLong rejectedConfigs = new AtomicLong();
    private ScheduledExecutorService scheduler;
    private VendorDevice device;
    private VendorApiServer server;
    private ServiceRegistration<MetricsSource> registration;
    private Config config;

    @Activate
    void activate(Config c, BundleContext context) throws Exception {
        VendorSettings settings = settings(c);
        String host = loopback(c.host());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-sim-vendor");
            t.setDaemon(true);
            return t;
        });
        VendorHeatPump pump = new VendorHeatPump(c.ratedKw(), c.dhwSetpointCelsius(), clock.now());
        device = new VendorDevice(settings, pump, clock::now, System::nanoTime, counters);
        server = new VendorApiServer(host, c.port(), device, scheduler);
        try {
            server.start();
        } catch (Exception e) {
            scheduler.shutdownNow();
            throw new IllegalStateException("simulated vendor API cannot listen on " + host + ":" + c.port() + ": "
                    + e.getMessage(), e);
        }
        scheduler.scheduleWithFixedDelay(this::tick, 200, 200, TimeUnit.MILLISECONDS);
        config = c;
        String url = "http://" + host + ":" + server.port() + "/api/v1";
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PORT_PROPERTY, server.port());
        props.put(URL_PROPERTY, url);
        if (context != null) {
            registration = context.registerService(MetricsSource.class, this, props);
        }
        LOG.info("Simulated vendor heat pump ({} kW) serves its API on {} ({})", c.ratedKw(), url, settings);
    }

    /** Token, quota and faults change in place; a new address or heat pump restarts the API (the tests' port stays). */
    @Modified
    void modified(Config c, BundleContext context) throws Exception {
        if (!c.host().equals(config.host()) || c.port() != config.port() || c.ratedKw() != config.ratedKw()
                || c.dhwSetpointCelsius() != config.dhwSetpointCelsius()) {
            deactivate();
            activate(c, context);
            return;
        }
        try {
            VendorSettings s = settings(c);
            device.configure(s);
            config = c;
            LOG.info("Simulated vendor API reconfigured: {}", s);
        } catch (IllegalArgumentException e) {
            rejectedConfigs.incrementAndGet();
            LOG.error("Simulated vendor API: configuration refused, the previous one stays in force: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void tick() {
        try {
            device.tick();
        } catch (RuntimeException e) {
            LOG.error("Simulated vendor heat pump step failed; retried at the next tick", e);
        }
    }

    /** The port the API listens on. */
    int port() {
        return server.port();
    }

    VendorCounters counters() {
        return counters;
    }

    @Override
    public void collect(MetricsCollector out) {
        counters.collect(out);
        out.counter("cool_edge_sim_vendor_config_rejected_total", "Configuration changes refused", java.util.Map.of(),
                rejectedConfigs.get());
    }

    static VendorSettings settings(Config c) {
        return new VendorSettings(Objects.requireNonNullElse(c.token(), ""), c.quotaRequests(),
                Duration.ofSeconds(c.quotaWindowSeconds()), c.errorRate(), c.slowAnswerRate(),
                Duration.ofMillis(c.slowAnswerMs()), Duration.ofMillis(c.answerDelayMs()), Duration.ofMillis(c.applyDelayMs()),
                c.maxBodyBytes(), c.seed());
    }

    private static String loopback(String host) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("host must be a loopback address (the simulation stays on this machine), was " + host);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host '" + host + "' cannot be resolved", e);
        }
        return host;
    }
}
