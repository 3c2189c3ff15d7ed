package org.thermalcommons.edge.console.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;

/** HTTP requests by route and status (routes are the fixed route names, never a raw path: bounded labels). */
public final class HttpMetrics implements MetricsSource {
    private record Key(String route, int status) {
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder rejectedInputs = new LongAdder();

    public void count(String route, int status) {
        requests.computeIfAbsent(new Key(route, status), k -> new LongAdder()).increment();
        if (status == 400 || status == 413 || status == 415) {
            rejectedInputs.increment();
        }
    }

    public long requests(String route, int status) {
        LongAdder a = requests.get(new Key(route, status));
        return a == null ? 0 : a.sum();
    }

    @Override
    public void collect(MetricsCollector out) {
        for (Map.Entry<Key, LongAdder> e : requests.entrySet()) {
            out.counter("cool_edge_console_http_requests_total", "Console HTTP requests by route and status",
                    Map.of("route", e.getKey().route(), "status", Integer.toString(e.getKey().status())), e.getValue().sum());
        }
        out.counter("cool_edge_console_rejected_inputs_total", "Console requests rejected as invalid (400/413/415)",
                Map.of(), rejectedInputs.sum());
    }
}
