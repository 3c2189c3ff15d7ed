package org.thermalcommons.edge.api.metrics;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives samples during {@link MetricsSource#collect}. Names follow Prometheus conventions with the
 * {@code cool_edge_} prefix and a unit suffix ({@code _total} for counters, {@code _seconds}, {@code _bytes});
 * labels are few and bounded (device, point, controller, route, status — never a value or a message).
 */
@ProviderType
public interface MetricsCollector {
    /** A monotonically increasing count since start. */
    void counter(String name, String help, Map<String, String> labels, double value);

    /** A value that goes up and down (queue depth, state as a number, last duration). */
    void gauge(String name, String help, Map<String, String> labels, double value);
}
