package org.thermalcommons.edge.oem;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemAdapter;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.api.oem.OemCommands;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.input.RateLimitedLog;

/**
 * The OEM command service in OSGi (docs/oem.md): opens {@code <data>/oem.db}, binds every {@link OemAdapter} service
 * dynamically and greedily (the newest service of a device serves it), logs one INFO line and one audit entry per state
 * change of a command, and reports metrics and health. Nothing here runs on the control cycle.
 */
@Component(service = {OemCommands.class, MetricsSource.class, HealthIndicator.class},
        configurationPid = OemComponent.PID)
@Designate(ocd = OemComponent.Config.class)
public class OemComponent implements OemCommands, MetricsSource, HealthIndicator, Events {
    static final String PID = "org.thermalcommons.edge.oem.OemCommands";
    private static final Logger LOG = LoggerFactory.getLogger(OemComponent.class);

    @ObjectClassDefinition(name = "COOL Edge OEM commands",
            description = "Durable lifecycle of OEM device commands: retries, rate limits, breaker, verification")
    @interface Config {
        @AttributeDefinition(name = "Worker threads", min = "1", max = "16") int threads() default 2;

        @AttributeDefinition(name = "Sends per command before it fails", min = "1", max = "100") int maxAttempts() default 8;

        @AttributeDefinition(name = "Longest life of a command (s)", min = "1", max = "86400") int maxAgeSeconds() default 900;

        @AttributeDefinition(name = "First back-off (ms)", min = "1", max = "600000") long retryMinMs() default 1000;

        @AttributeDefinition(name = "Longest back-off (ms)", min = "1", max = "3600000") long retryMaxMs() default 60_000;

        @AttributeDefinition(name = "Back-off jitter (%)", min = "0", max = "99") int jitterPercent() default 20;

        @AttributeDefinition(name = "Failed calls in a row that open a device's breaker", min = "1", max = "1000")
        int breakerFailures() default 5;

        @AttributeDefinition(name = "Breaker cool-down before a probe (s)", min = "1", max = "86400")
        int breakerCoolDownSeconds() default 30;

        @AttributeDefinition(name = "Commands kept in the log", min = "100", max = "10000000") long maxCommands() default 10_000;

        @AttributeDefinition(name = "Unfinished commands accepted at once", min = "1", max = "100000") int maxOpen() default 1_000;

        @AttributeDefinition(name = "Data directory", description = "Empty: the gateway's (framework property cool.edge.data)")
        String dataDir() default "";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EdgeClock clock;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    private final Map<OemAdapter, Long> bound = new LinkedHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final RateLimitedLog rejections = RateLimitedLog.perMinute(LOG);
    private Engine engine;
    private CommandLog log;
    private PoolTimer timer;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindAdapter(OemAdapter a, Map<String, Object> props) {
        long rank = props.get(Constants.SERVICE_ID) instanceof Number n ? n.longValue() : 0;
        bound.put(a, rank);
        if (engine != null) {
            engine.bind(a, rank);
        }
    }

    synchronized void unbindAdapter(OemAdapter a) {
        bound.remove(a);
        if (engine != null) {
            engine.unbind(a);
        }
    }

    @Activate
    void activate(BundleContext context, Config c) throws Exception {
        String dir = c.dataDir().isBlank()
                ? Optional.ofNullable(context.getProperty("cool.edge.data")).orElse("data") : c.dataDir();
        Settings s = new Settings(c.maxAttempts(), Duration.ofSeconds(c.maxAgeSeconds()), Duration.ofMillis(c.retryMinMs()),
                Duration.ofMillis(c.retryMaxMs()), c.jitterPercent() / 100.0, c.breakerFailures(),
                Duration.ofSeconds(c.breakerCoolDownSeconds()), c.maxCommands(), c.maxOpen());
        log = new CommandLog(Path.of(dir).resolve("oem.db"));
        timer = new PoolTimer(c.threads());
        SecureRandom random = new SecureRandom();
        Engine e = new Engine(log, timer, s, this::now, this, random::nextDouble);
        e.start();
        synchronized (this) {
            engine = e;
            new ArrayList<>(bound.entrySet()).forEach(b -> e.bind(b.getKey(), b.getValue()));
        }
        LOG.info("oem: command log {} ({} unfinished), {} attempts, back-off {}..{} ms, breaker after {} failures",
                Path.of(dir).resolve("oem.db"), e.countsByState().entrySet().stream()
                        .filter(x -> !x.getKey().terminal()).mapToLong(Map.Entry::getValue).sum(),
                s.maxAttempts(), s.retryMin().toMillis(), s.retryMax().toMillis(), s.breakerFailures());
    }

    @Deactivate
    void deactivate() throws Exception {
        synchronized (this) {
            engine = null;
        }
        if (timer != null) {
            timer.close();
        }
        if (log != null) {
            log.close();
        }
    }

    Instant now() {
        EdgeClock c = clock;
        return c == null ? Instant.now() : c.now();
    }

    private Engine engine() {
        Engine e = engine;
        if (e == null) {
            throw new IllegalStateException("oem: the command service is stopping");
        }
        return e;
    }

    // OemCommands

    @Override
    public OemCommand submit(String id, String deviceId, OemAction action, String requestedBy) {
        try {
            return engine().submit(id, deviceId, action, requestedBy);
        } catch (IllegalArgumentException | IllegalStateException e) {
            String rule = e instanceof IllegalArgumentException ? "invalid" : "refused";
            rejected.computeIfAbsent(rule, k -> new LongAdder()).increment();
            rejections.warn("submit-" + rule, "oem: submit rejected: {}", e.getMessage());
            throw e;
        }
    }

    @Override
    public Optional<OemCommand> find(String id) {
        return engine().find(id);
    }

    @Override
    public List<OemCommand> recent(int limit) {
        return engine().recent(limit);
    }

    @Override
    public List<String> devices() {
        Engine e = engine;
        return e == null ? List.of() : e.devices();
    }

    // Events: one INFO line and one audit entry per change

    @Override
    public void transition(OemCommand c, Optional<OemCommandState> from) {
        String text = c.deviceId() + " " + c.action().verb() + (c.action().parameters().isEmpty() ? ""
                : " " + CommandLog.encode(c.action().parameters())) + " by " + c.requestedBy() + ": "
                + from.map(f -> f + " -> ").orElse("") + c.state()
                + (c.state() == OemCommandState.SENT ? " (attempt " + c.attempts() + ")"
                : c.reason().map(r -> " - " + r).orElse(""));
        if (c.state() == OemCommandState.FAILED) {
            LOG.warn("oem command {} ({}", c.id(), text + ")");
        } else {
            LOG.info("oem command {} ({}", c.id(), text + ")");
        }
        record("oem-command", c.id(), text);
    }

    @Override
    public void breaker(String device, Breaker.State from, Breaker.State to, String why) {
        LOG.warn("oem {}: circuit breaker {} -> {} ({})", device, from, to, why);
        record("oem-breaker", device, from + " -> " + to + ": " + why);
    }

    private void record(String category, String subject, String message) {
        AuditLog a = audit;
        if (a != null) {
            try {
                a.record(new AuditEvent(now(), category, subject, message));
            } catch (RuntimeException e) {
                LOG.debug("oem: audit entry not queued: {}", e.toString());
            }
        }
    }

    // Metrics and health

    @Override
    public void collect(MetricsCollector out) {
        Engine e = engine;
        if (e == null) {
            return;
        }
        Map<String, String> none = Map.of();
        e.countsByState().forEach((s, n) -> out.gauge("cool_edge_oem_commands", "OEM commands in the log, by state",
                Map.of("state", s.name()), n));
        out.counter("cool_edge_oem_sends_total", "Adapter send calls", none, e.counters.sends.sum());
        out.counter("cool_edge_oem_verifies_total", "Adapter verify calls", none, e.counters.verifies.sum());
        out.counter("cool_edge_oem_retries_total", "Commands put back for a retry", none, e.counters.retries.sum());
        out.counter("cool_edge_oem_timeouts_total", "Adapter calls that overran their timeout", none,
                e.counters.timeouts.sum());
        out.counter("cool_edge_oem_rate_limited_total", "Steps held by an adapter's rate limit", none,
                e.counters.rateLimited.sum());
        out.counter("cool_edge_oem_breaker_changes_total", "Circuit breaker state changes", none,
                e.counters.breakerChanges.sum());
        out.counter("cool_edge_oem_resumed_total", "Commands resumed after a restart", none, e.counters.resumed.sum());
        out.counter("cool_edge_oem_log_errors_total", "Command log failures", none, e.counters.logErrors.sum());
        rejected.forEach((rule, n) -> out.counter("cool_edge_oem_rejected_total", "Submissions rejected, by rule",
                Map.of("rule", rule), n.sum()));
        e.breakers().forEach((d, s) -> out.gauge("cool_edge_oem_breaker_state",
                "Circuit breaker per device: 0 closed, 1 half-open, 2 open", Map.of("device", d), s.ordinal()));
        out.gauge("cool_edge_oem_adapter_gap_max_seconds", "Longest time a device was without an adapter", none,
                e.gapMaxMillis() / 1000.0);
    }

    @Override
    public String component() {
        return "oem";
    }

    @Override
    public Health health() {
        Engine e = engine;
        if (e == null) {
            return Health.down("the OEM command service is not active");
        }
        List<String> problems = new ArrayList<>();
        List<String> unserved = e.unserved();
        if (!unserved.isEmpty()) {
            problems.add("no adapter for " + unserved + " (their commands wait in the log)");
        }
        e.breakers().forEach((d, s) -> {
            if (s != Breaker.State.CLOSED) {
                problems.add(d + ": circuit breaker " + s);
            }
        });
        return problems.isEmpty() ? Health.up() : Health.degraded(String.join("; ", problems));
    }
}
