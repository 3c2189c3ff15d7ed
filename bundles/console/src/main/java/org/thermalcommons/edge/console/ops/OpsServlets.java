package org.thermalcommons.edge.console.ops;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.console.http.Headers;
import org.thermalcommons.edge.console.http.HttpMetrics;
import org.thermalcommons.edge.console.http.Json;

/**
 * {@code /metrics} and {@code /health}: read-only and unauthenticated, so a Prometheus server and a watchdog can
 * scrape them without credentials. They reveal counts and component states, never values, users or configuration.
 */
public final class OpsServlets {
    private OpsServlets() {
    }

    public static HttpServlet metrics(PrometheusExporter exporter, HttpMetrics http) {
        return new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Headers.secure(resp);
                http.count("GET /metrics", 200);
                resp.setStatus(200);
                resp.setContentType(exporter.contentType());
                resp.setHeader("Cache-Control", "no-store");
                exporter.write(resp.getOutputStream());
            }
        };
    }

    public static HttpServlet health(Supplier<List<HealthIndicator>> indicators, Set<String> required, Json json,
                                     HttpMetrics http) {
        return new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Headers.secure(resp);
                HealthReport r = HealthReport.of(indicators.get(), required);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", r.status().name());
                body.put("components", r.components());
                http.count("GET /health", r.httpStatus());
                json.write(resp, r.httpStatus(), body);
            }
        };
    }
}
