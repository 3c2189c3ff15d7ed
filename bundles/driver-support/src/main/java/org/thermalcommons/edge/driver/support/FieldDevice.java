package org.thermalcommons.edge.driver.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.PollGroup;

/**
 * One field device as a driver implements it. Every method but {@link #definitions()}, {@link #values()},
 * {@link #pollGroups()} and {@link #writable} is called on the device's own thread only.
 */
public interface FieldDevice {
    List<PointDefinition> definitions();

    /** Latest values; thread-safe, never blocks. */
    Map<PointId, PointValue> values();

    Set<PollGroup> pollGroups();

    boolean writable(PointId id);

    void poll(PollGroup group);

    /** Writes the value and returns the device's answer (never throws for a device's refusal or a timeout). */
    WriteOutcome write(PointId id, double value);

    /** Releases the gateway's command on the point and returns the device's answer. */
    WriteOutcome relinquish(PointId id);

    /** False while the device is backing off after failures: pending writes wait and only the newest goes out. */
    default boolean available() {
        return true;
    }

    /** Last words before the device thread stops (e.g. relinquish every command); default nothing. */
    default void beforeStop() {
    }

    void close();
}
