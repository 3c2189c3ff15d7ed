package org.thermalcommons.edge.console.ops;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.input.RateLimitedLog;

/**
 * {@code /metrics}: asks every {@link MetricsSource} for its samples and writes them in the Prometheus text format
 * (prometheus-metrics 1.10 model and writer, embedded). A source that throws is skipped for that scrape and counted;
 * a sample with an invalid name, a name used as both counter and gauge, or a repeated label set is dropped and
 * counted, so one bad source never breaks the scrape for the others.
 */
public final class PrometheusExporter {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusExporter.class);
    private static final Pattern NAME = Pattern.compile("cool_edge_[a-z0-9_]{1,120}");
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final Supplier<List<MetricsSource>> sources;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final AtomicLong sourceFailures = new AtomicLong();
    private final AtomicLong droppedSamples = new AtomicLong();
    private final RateLimitedLog rejections = RateLimitedLog.perMinute(LOG);

    public PrometheusExporter(Supplier<List<MetricsSource>> sources) {
        this.sources = sources;
    }

    private static final class Family {
        final boolean counter;
        final String help;
        final Map<Labels, Double> points = new LinkedHashMap<>();

        Family(boolean counter, String help) {
            this.counter = counter;
            this.help = help;
        }
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public void write(OutputStream out) throws IOException {
        Map<String, Family> families = new TreeMap<>();
        Collector c = new Collector(families);
        for (MetricsSource s : sources.get()) {
            try {
                s.collect(c);
            } catch (RuntimeException e) {
                sourceFailures.incrementAndGet();
                rejections.warn("source-" + s.getClass().getName(), "Metrics source {} failed and is skipped this scrape: {}",
                        s.getClass().getName(), e.toString());
            }
        }
        c.counter("cool_edge_console_metrics_source_failures_total", "Metrics sources that threw during a scrape", Map.of(),
                sourceFailures.get());
        c.counter("cool_edge_console_metrics_dropped_samples_total",
                "Samples dropped from /metrics (invalid name or labels, type conflict, repeated labels)", Map.of(), droppedSamples.get());
        List<MetricSnapshot> snaps = new ArrayList<>();
        for (Map.Entry<String, Family> e : families.entrySet()) {
            Family f = e.getValue();
            if (f.counter) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(e.getKey()).help(f.help);
                f.points.forEach((l, v) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(v).build()));
                snaps.add(b.build());
            } else {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(e.getKey()).help(f.help);
                f.points.forEach((l, v) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
                snaps.add(b.build());
            }
        }
        writer.write(out, new MetricSnapshots(snaps));
    }

    private final class Collector implements MetricsCollector {
        private final Map<String, Family> families;

        Collector(Map<String, Family> families) {
            this.families = families;
        }

        @Override
        public void counter(String name, String help, Map<String, String> labels, double value) {
            add(true, name, help, labels, value);
        }

        @Override
        public void gauge(String name, String help, Map<String, String> labels, double value) {
            add(false, name, help, labels, value);
        }

        private synchronized void add(boolean counter, String name, String help, Map<String, String> labels, double value) {
            if (name == null || !NAME.matcher(name).matches() || (counter && !name.endsWith("_total"))
                    || (!counter && name.endsWith("_total")) || Double.isNaN(value) || !validLabels(labels)) {
                drop(name, "name must match cool_edge_[a-z0-9_]+ (counters ending in _total), labels [a-z][a-z0-9_]*");
                return;
            }
            // Families are keyed by their base name: a counter x_total and a gauge x would be the same metric.
            String base = counter ? name.substring(0, name.length() - "_total".length()) : name;
            Family f = families.computeIfAbsent(base, n -> new Family(counter, help == null || help.isBlank() ? name : help));
            if (f.counter != counter) {
                drop(name, "used as both counter and gauge");
                return;
            }
            Labels l = labels(labels);
            if (f.points.putIfAbsent(l, counter ? Math.max(0, value) : value) != null) {
                drop(name, "label set reported twice");
            }
        }
    }

    private static boolean validLabels(Map<String, String> labels) {
        if (labels == null) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey() == null || !LABEL.matcher(e.getKey()).matches() || e.getValue() == null
                    || e.getValue().length() > 200 || !seen.add(e.getKey())) {
                return false;
            }
        }
        return true;
    }

    private static Labels labels(Map<String, String> labels) {
        TreeMap<String, String> sorted = new TreeMap<>(labels);
        return Labels.of(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
    }

    private void drop(String name, String why) {
        droppedSamples.incrementAndGet();
        rejections.warn("drop-" + name, "Metrics sample {} dropped: {}", name, why);
    }
}
