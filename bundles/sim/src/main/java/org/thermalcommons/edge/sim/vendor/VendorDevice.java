package org.thermalcommons.edge.sim.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.input.json.BoundedJson;
import org.thermalcommons.edge.input.json.JsonLimits;
import org.thermalcommons.edge.sim.vendor.VendorExchange.Answer;
import org.thermalcommons.edge.sim.vendor.VendorExchange.Request;
import org.thermalcommons.edge.sim.vendor.VendorHeatPump.Mode;

/**
 * What the simulated vendor API answers, request by request: {@code GET /api/v1/state} and {@code PUT /api/v1/mode}
 * behind a bearer token, with a request quota (429 + {@code Retry-After}), random 500s and slow answers drawn from a
 * seeded generator, and a mode that takes effect only {@code applyDelay} after it was accepted. Checks in this order:
 * route (404), token (401), quota (429), injected fault (500), method (405), body (413, 415, 400). Thread-safe.
 */
final class VendorDevice {
    static final String STATE = "/api/v1/state";
    static final String MODE = "/api/v1/mode";
    private static final Logger LOG = LoggerFactory.getLogger(VendorDevice.class);
    private static final BoundedJson JSON = new BoundedJson(new JsonLimits(64 * 1024, 4, 64, 32, 24, 64));

    private record Pending(Mode mode, Optional<Double> setpointCelsius, long dueNanos) {
    }

    private final VendorHeatPump pump;
    private final Supplier<Instant> simNow;
    private final LongSupplier wallNanos;
    private final VendorCounters counters;
    private final RateLimitedLog rejectionLog = RateLimitedLog.perMinute(LOG);
    private final ArrayDeque<Long> answered = new ArrayDeque<>();
    private VendorSettings settings;
    private Random faults;
    private Pending pending;

    VendorDevice(VendorSettings settings, VendorHeatPump pump, Supplier<Instant> simNow, LongSupplier wallNanos,
                 VendorCounters counters) {
        this.pump = pump;
        this.simNow = simNow;
        this.wallNanos = wallNanos;
        this.counters = counters;
        configure(settings);
    }

    /** New token, quota and faults; the heat pump keeps its state (and a pending mode stays pending). */
    synchronized void configure(VendorSettings s) {
        settings = s;
        faults = new Random(s.seed());
    }

    synchronized VendorSettings settings() {
        return settings;
    }

    /** Brings the physics up to the simulated clock and applies a mode whose delay has passed. */
    synchronized void tick() {
        pump.advanceTo(simNow.get());
        if (pending != null && wallNanos.getAsLong() - pending.dueNanos() >= 0) {
            pump.set(pending.mode(), pending.setpointCelsius());
            counters.modesApplied.increment();
            LOG.info("Vendor heat pump now runs in mode {}, hot water setpoint {} °C", pump.mode().wire(),
                    pump.setpointCelsius());
            pending = null;
        }
    }

    synchronized Answer handle(Request r) {
        counters.requests.increment();
        tick();
        if (!r.path().equals(STATE) && !r.path().equals(MODE)) {
            return error(404, "not-found", "no resource " + truncate(r.path()));
        }
        if (!authorised(r.authorization())) {
            counters.unauthorised.increment();
            return answer(401, Map.of("WWW-Authenticate", "Bearer realm=\"vendor-heatpump\""),
                    errorJson("unauthorised", "missing or wrong bearer token"));
        }
        long now = wallNanos.getAsLong();
        Optional<Duration> wait = quotaWait(now);
        counters.rateLimitedRun(wait.isPresent());
        if (wait.isPresent()) {
            counters.rateLimited.increment();
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return answer(429, Map.of("Retry-After", Long.toString(seconds)),
                    errorJson("rate-limited", "more than " + settings.quotaRequests() + " requests in "
                            + settings.quotaWindow().toSeconds() + " s; retry after " + seconds + " s"));
        }
        answered.addLast(now);
        if (settings.errorRate() > 0 && faults.nextDouble() < settings.errorRate()) {
            counters.injectedErrors.increment();
            return error(500, "internal", "internal error (simulated)");
        }
        if (r.path().equals(STATE)) {
            return r.method().equals("GET") ? answer(200, Map.of(), stateJson()) : notAllowed("GET");
        }
        return r.method().equals("PUT") ? putMode(r, now) : notAllowed("PUT");
    }

    private Answer putMode(Request r, long now) {
        if (r.bodyTooLarge()) {
            return rejected(413, "max-size", "body longer than " + settings.maxBodyBytes() + " bytes (not read)");
        }
        if (r.contentType().map(t -> !t.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")).orElse(true)) {
            return rejected(415, "content-type", "Content-Type must be application/json");
        }
        JsonNode body;
        try {
            body = JSON.readTree("PUT " + MODE, r.body());
        } catch (InputRejectedException e) {
            return rejected(400, e.rule(), e.getMessage());
        }
        if (!body.isObject()) {
            return rejected(400, "json-type", "body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (!n.equals("mode") && !n.equals("dhwSetpointCelsius")) {
                return rejected(400, "unknown-field", "unknown field '" + truncate(n) + "' (allowed: mode, dhwSetpointCelsius)");
            }
        }
        JsonNode m = body.get("mode");
        if (m == null || !m.isTextual()) {
            return rejected(400, "mode-required", "/mode: a string is required (off, eco, normal, boost)");
        }
        Optional<Mode> mode = Mode.parse(m.asText());
        if (mode.isEmpty()) {
            return rejected(400, "mode-value", "/mode: '" + truncate(m.asText()) + "' is not one of off, eco, normal, boost");
        }
        Optional<Double> setpoint = Optional.empty();
        JsonNode s = body.get("dhwSetpointCelsius");
        if (s != null) {
            if (!s.isNumber() || !Double.isFinite(s.asDouble())) {
                return rejected(400, "setpoint-type", "/dhwSetpointCelsius: must be a number");
            }
            double v = s.asDouble();
            if (v < VendorHeatPump.SETPOINT_MIN_CELSIUS || v > VendorHeatPump.SETPOINT_MAX_CELSIUS) {
                return rejected(400, "setpoint-range", "/dhwSetpointCelsius: " + v + " is outside "
                        + VendorHeatPump.SETPOINT_MIN_CELSIUS + ".." + VendorHeatPump.SETPOINT_MAX_CELSIUS);
            }
            setpoint = Optional.of(v);
        }
        // Idempotent: the same mode again keeps the schedule of the one pending, and changes nothing when already in force.
        boolean samePending = pending != null && pending.mode() == mode.get() && pending.setpointCelsius().equals(setpoint);
        boolean inForce = pending == null && pump.mode() == mode.get()
                && setpoint.map(v -> v == pump.setpointCelsius()).orElse(true);
        if (!samePending && !inForce) {
            pending = new Pending(mode.get(), setpoint, now + settings.applyDelay().toNanos());
        }
        counters.modesAccepted.increment();
        ObjectNode out = JSON.mapper().createObjectNode();
        ObjectNode accepted = out.putObject("accepted");
        accepted.put("mode", mode.get().wire());
        setpoint.ifPresent(v -> accepted.put("dhwSetpointCelsius", v));
        out.put("appliesInMs", settings.applyDelay().toMillis());
        return answer(202, Map.of(), out.toString());
    }

    private String stateJson() {
        ObjectNode out = JSON.mapper().createObjectNode();
        out.put("mode", pump.mode().wire());
        out.put("dhwSetpointCelsius", pump.setpointCelsius());
        out.put("tankCelsius", Math.round(pump.tankCelsius() * 100) / 100.0);
        out.put("compressorOn", pump.running());
        out.put("electricKw", pump.electricKw());
        out.put("updatedAt", pump.stepped().toString());
        return out.toString();
    }

    /** How long until the quota has room again, or empty when it has room now. */
    private Optional<Duration> quotaWait(long now) {
        long window = settings.quotaWindow().toNanos();
        while (!answered.isEmpty() && now - answered.peekFirst() >= window) {
            answered.removeFirst();
        }
        if (settings.quotaRequests() == 0 || answered.size() < settings.quotaRequests()) {
            return Optional.empty();
        }
        // The oldest answers leave the window first; room for one more once enough of them have left.
        Iterator<Long> it = answered.iterator();
        long nth = answered.peekFirst();
        for (int i = 0; i <= answered.size() - settings.quotaRequests() && it.hasNext(); i++) {
            nth = it.next();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, nth + window - now)));
    }

    private boolean authorised(Optional<String> header) {
        if (header.isEmpty() || !header.get().startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.get().substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, settings.token().getBytes(StandardCharsets.UTF_8));
    }

    private Answer notAllowed(String allow) {
        return answer(405, Map.of("Allow", allow), errorJson("method", "use " + allow));
    }

    private Answer rejected(int status, String rule, String message) {
        counters.rejections.count(rule);
        rejectionLog.warn("vendor-api-" + rule, "Simulated vendor API refused a request ({}): {}", rule, message);
        return answer(status, Map.of(), errorJson(rule, message));
    }

    private Answer error(int status, String rule, String message) {
        return answer(status, Map.of(), errorJson(rule, message));
    }

    private Answer answer(int status, Map<String, String> headers, String json) {
        counters.status(status);
        Duration delay = settings.answerDelay();
        if (settings.slowAnswerRate() > 0 && faults.nextDouble() < settings.slowAnswerRate()) {
            counters.slowAnswers.increment();
            delay = delay.plus(settings.slowAnswer());
        }
        return new Answer(status, headers, json, delay);
    }

    private static String errorJson(String rule, String message) {
        ObjectNode out = JSON.mapper().createObjectNode();
        out.put("error", rule);
        out.put("message", message);
        return out.toString();
    }

    private static String truncate(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "...";
    }
}
