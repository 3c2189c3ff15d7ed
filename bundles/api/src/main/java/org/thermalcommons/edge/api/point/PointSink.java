package org.thermalcommons.edge.api.point;

import java.util.function.Consumer;

/**
 * A driver that writes points to equipment. Registered as a service. Both methods return at once: the driver keeps
 * <b>one pending slot per point</b> (a newer value replaces one not yet sent, which completes as
 * {@link WriteOutcome.Status#SUPERSEDED}), holds writes while the device backs off and sends only the newest value
 * once it answers again, and performs the I/O on its own thread. {@code done} is called exactly once per call, on the
 * driver's thread, with the device's answer; it must return quickly and never throw.
 *
 * <p>The core's command layer is the only caller: it arbitrates, clamps, verifies by read-back and re-sends.
 */
public interface PointSink {
    /** Unique id of this sink (usually the same as its {@link PointSource#sourceId()}). */
    String sinkId();

    /** Whether this sink writes the given point. */
    boolean canWrite(PointId point);

    /** Hands an already arbitrated and clamped value to the driver. */
    void write(PointId point, double value, Consumer<WriteOutcome> done);

    /** Releases the gateway's command on the point (BACnet: NULL at the gateway's priority). */
    void relinquish(PointId point, Consumer<WriteOutcome> done);
}
