package org.thermalcommons.edge.api.health;

/**
 * A component that reports its health. Register as a service. {@link #health()} is called from HTTP and launcher
 * threads: thread-safe, returns at once, never throws.
 */
public interface HealthIndicator {
    /** Stable component name, e.g. {@code cycle}, {@code store}, {@code driver:modbus-battery}, {@code market}. */
    String component();

    /** Whether the gateway cannot do its job without this component (cycle, store): then DOWN makes /health fail. */
    default boolean required() {
        return false;
    }

    Health health();
}
