package org.thermalcommons.edge.api.metrics;

/**
 * A bundle's counters and gauges. Register as a service; {@link #collect} is called on a scrape thread, must be
 * thread-safe, return at once (read what the component keeps, no I/O) and never throw.
 */
public interface MetricsSource {
    void collect(MetricsCollector out);
}
