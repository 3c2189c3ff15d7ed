package org.thermalcommons.edge.oem.heatpump.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.oem.OemResult;
import org.thermalcommons.edge.input.Rejections;

/** The adapter's counters: calls by operation and outcome, answers by class, rejected answers by rule. Thread-safe. */
final class AdapterCounters {
    /** Verifications whose read-back did not match yet. */
    final LongAdder notYet = new LongAdder();
    final Rejections rejections = new Rejections();
    /** Keys are fixed by the code ({@code send/verify} x outcome; answer classes), so labels stay bounded. */
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

    void call(String operation, OemResult.Outcome outcome) {
        calls.computeIfAbsent(operation + "|" + outcome.name().toLowerCase(java.util.Locale.ROOT), k -> new LongAdder())
                .increment();
    }

    /** {@code 2xx}, {@code 4xx}, {@code 429}, {@code 5xx}, {@code other}, {@code timeout}, {@code unreachable}, {@code stopped}, {@code invalid}. */
    void answer(String kind) {
        answers.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long answers(String kind) {
        LongAdder a = answers.get(kind);
        return a == null ? 0 : a.sum();
    }

    long calls(String operation, OemResult.Outcome outcome) {
        LongAdder a = calls.get(operation + "|" + outcome.name().toLowerCase(java.util.Locale.ROOT));
        return a == null ? 0 : a.sum();
    }

    void collect(String deviceId, MetricsCollector out) {
        new TreeMap<>(calls).forEach((k, v) -> {
            String[] p = k.split("\\|");
            out.counter("cool_edge_oem_http_calls_total", "Adapter calls by operation and outcome",
                    Map.of("device", deviceId, "operation", p[0], "outcome", p[1]), v.sum());
        });
        new TreeMap<>(answers).forEach((k, v) -> out.counter("cool_edge_oem_http_answers_total",
                "Vendor API answers by class (or why none came)", Map.of("device", deviceId, "kind", k), v.sum()));
        out.counter("cool_edge_oem_http_verify_not_yet_total", "Read-backs that did not match the action yet",
                Map.of("device", deviceId), notYet.sum());
        rejections.byRule().forEach((rule, n) -> out.counter("cool_edge_oem_http_rejected_answers_total",
                "Vendor answers refused as oversized or invalid, by rule", Map.of("device", deviceId, "rule", rule), n));
    }
}
