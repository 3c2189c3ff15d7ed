package org.thermalcommons.edge.api.point;

import java.util.List;
import java.util.Map;

/**
 * A driver (or simulation) that supplies point values. Registered as a service; the core reads it once per cycle.
 * Implementations do their device I/O on their own threads and keep the latest values in memory:
 * {@link #latestValues()} must return at once and never touch the network.
 */
public interface PointSource {
    /** Unique id of this source (e.g. {@code bacnet-main}, {@code modbus-battery}). */
    String sourceId();

    /** The points this source supplies. Stable for the lifetime of the service registration. */
    List<PointDefinition> points();

    /** Latest value of each point read so far (points never read are absent). Non-blocking; thread-safe. */
    Map<PointId, PointValue> latestValues();
}
