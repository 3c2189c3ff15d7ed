package org.thermalcommons.edge.sim.vendor;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.input.Rejections;

/** What the simulated vendor API has answered, for its metrics. Thread-safe. */
final class VendorCounters {
    final LongAdder requests = new LongAdder();
    final LongAdder unauthorised = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder injectedErrors = new LongAdder();
    final LongAdder slowAnswers = new LongAdder();
    final LongAdder modesAccepted = new LongAdder();
    final LongAdder modesApplied = new LongAdder();
    private int rateLimitedRun;
    private volatile int rateLimitedRunMax;
    /** Unreadable or invalid requests, by rule (max-size, content-type, json-syntax, mode-value, ...). */
    final Rejections rejections = new Rejections();
    /** Answers by status; statuses are the few this API gives, so the label set is bounded. */
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    /**
     * Tracks runs of 429 answers among the authorised requests: a client that honours {@code Retry-After} never gets
     * two in a row (its next request comes once the quota has room). Called under the device's lock.
     */
    void rateLimitedRun(boolean limited) {
        rateLimitedRun = limited ? rateLimitedRun + 1 : 0;
        rateLimitedRunMax = Math.max(rateLimitedRunMax, rateLimitedRun);
    }

    int rateLimitedRunMax() {
        return rateLimitedRunMax;
    }

    void status(int status) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    long answered(int status) {
        LongAdder a = byStatus.get(status);
        return a == null ? 0 : a.sum();
    }

    Map<Integer, Long> byStatus() {
        Map<Integer, Long> out = new TreeMap<>();
        byStatus.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void collect(MetricsCollector out) {
        out.counter("cool_edge_sim_vendor_requests_total", "Requests to the simulated vendor API", Map.of(), requests.sum());
        byStatus().forEach((s, n) -> out.counter("cool_edge_sim_vendor_answers_total",
                "Answers of the simulated vendor API by HTTP status", Map.of("status", Integer.toString(s)), n));
        out.counter("cool_edge_sim_vendor_unauthorised_total", "Requests without the right bearer token", Map.of(), unauthorised.sum());
        out.counter("cool_edge_sim_vendor_rate_limited_total", "Requests over the quota (429)", Map.of(), rateLimited.sum());
        out.gauge("cool_edge_sim_vendor_rate_limited_run_max", "Longest run of 429 answers in a row (1 when clients honour Retry-After)",
                Map.of(), rateLimitedRunMax);
        out.counter("cool_edge_sim_vendor_injected_errors_total", "Random 500 answers (simulated faults)", Map.of(), injectedErrors.sum());
        out.counter("cool_edge_sim_vendor_slow_answers_total", "Answers held back as slow (simulated faults)", Map.of(), slowAnswers.sum());
        out.counter("cool_edge_sim_vendor_modes_accepted_total", "Mode changes accepted", Map.of(), modesAccepted.sum());
        out.counter("cool_edge_sim_vendor_modes_applied_total", "Mode changes the heat pump took on after the apply delay", Map.of(), modesApplied.sum());
        rejections.byRule().forEach((rule, n) -> out.counter("cool_edge_sim_vendor_rejected_total",
                "Invalid requests refused, by rule", Map.of("rule", rule), n));
    }
}
