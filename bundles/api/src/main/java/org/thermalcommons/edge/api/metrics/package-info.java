/**
 * Metrics: every bundle publishes its counters and gauges as a {@link org.thermalcommons.edge.api.metrics.MetricsSource}
 * service; the console collects them on demand for {@code /metrics} (Prometheus text format).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.api.metrics;
