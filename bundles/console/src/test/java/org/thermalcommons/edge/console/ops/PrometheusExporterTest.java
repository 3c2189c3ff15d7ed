package org.thermalcommons.edge.console.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsSource;

class PrometheusExporterTest {
    private static String scrape(List<MetricsSource> sources) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusExporter(() -> sources).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesEverySourcesCountersAndGaugesInTheTextFormat() throws Exception {
        MetricsSource cycle = c -> {
            c.counter("cool_edge_cycles_total", "Cycles run", Map.of(), 42);
            c.gauge("cool_edge_cycle_duration_seconds", "Last cycle duration", Map.of(), 0.012);
        };
        MetricsSource driver = c -> c.counter("cool_edge_driver_polls_total", "Polls", Map.of("device", "meter"), 7);
        String text = scrape(List.of(cycle, driver));
        assertThat(text).contains("# TYPE cool_edge_cycles_total counter").contains("cool_edge_cycles_total 42.0")
                .contains("# TYPE cool_edge_cycle_duration_seconds gauge").contains("cool_edge_cycle_duration_seconds 0.012")
                .contains("cool_edge_driver_polls_total{device=\"meter\"} 7.0");
    }

    @Test
    void aThrowingSourceOrABadSampleIsDroppedAndCountedWhileTheOthersAreWritten() throws Exception {
        MetricsSource broken = c -> {
            throw new IllegalStateException("boom");
        };
        MetricsSource bad = c -> {
            c.counter("not_our_prefix_total", "x", Map.of(), 1);
            c.gauge("cool_edge_x", "x", Map.of(), 1);
            c.counter("cool_edge_x_total", "x", Map.of(), 1);
            c.gauge("cool_edge_x", "dup", Map.of(), 2);
        };
        MetricsSource good = c -> c.gauge("cool_edge_ok", "ok", Map.of(), 1);
        String text = scrape(List.of(broken, bad, good));
        // Dropped: the foreign name, the counter that clashes with the gauge cool_edge_x, the repeated gauge.
        assertThat(text).contains("cool_edge_ok 1.0").contains("cool_edge_x 1.0").doesNotContain("cool_edge_x_total")
                .doesNotContain("cool_edge_x 2.0").contains("cool_edge_console_metrics_source_failures_total 1.0")
                .contains("cool_edge_console_metrics_dropped_samples_total 3.0").doesNotContain("not_our_prefix");
    }

    @Test
    void healthIsDownWhenARequiredComponentIsDownOrMissingAndDegradedForAnOptionalOne() {
        HealthIndicator cycle = indicator("cycle", true, Health.up());
        HealthIndicator store = indicator("store", true, Health.down("disk full"));
        HealthIndicator market = indicator("market", false, Health.down("link down"));
        assertThat(HealthReport.of(List.of(cycle, store), Set.of("cycle", "store")).httpStatus()).isEqualTo(503);
        assertThat(HealthReport.of(List.of(cycle), Set.of("cycle", "store")).components().get("store").get("detail"))
                .asString().contains("missing");
        HealthReport ok = HealthReport.of(List.of(cycle, indicator("store", true, Health.up()), market), Set.of("cycle", "store"));
        assertThat(ok.httpStatus()).isEqualTo(200);
        assertThat(ok.status()).isEqualTo(Health.Status.DEGRADED);
    }

    private static HealthIndicator indicator(String name, boolean required, Health h) {
        return new HealthIndicator() {
            @Override
            public String component() {
                return name;
            }

            @Override
            public boolean required() {
                return required;
            }

            @Override
            public Health health() {
                return h;
            }
        };
    }
}
