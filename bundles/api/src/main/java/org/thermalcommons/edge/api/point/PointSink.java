package org.thermalcommons.edge.api.point;

import org.thermalcommons.edge.api.control.WriteRequest;

/**
 * A driver that writes points to equipment. Registered as a service. Both methods must return at once: the
 * write is queued and performed on the driver's own thread; failures are logged and counted by the driver.
 */
public interface PointSink {
    /** Unique id of this sink (usually the same as its {@link PointSource#sourceId()}). */
    String sinkId();

    /** Whether this sink writes the given point. */
    boolean canWrite(PointId point);

    /** Queues a write of an already arbitrated and clamped value. */
    void write(WriteRequest request);

    /** Queues a release of the gateway's command on the point (BACnet: write NULL at the gateway's priority). */
    void relinquish(PointId point);
}
