package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.type.Encodable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;

/**
 * A device's latest point values, written by its poll thread and by bacnet4j's COV thread: every change goes through
 * this object's lock (readers use the concurrent map without it). A value outside the profile's plausible range, or
 * an error read, marks that one point FAULT with the reason (logged once per point until it reads well again).
 */
final class PointValues {
    private static final Logger LOG = LoggerFactory.getLogger(PointValues.class);

    private final String device;
    private final Map<PointId, PointValue> values = new ConcurrentHashMap<>();
    private final Map<PointId, String> faults = new HashMap<>();
    private final Map<PointId, String> refusals = new HashMap<>();
    final AtomicLong invalid = new AtomicLong();

    PointValues(String device) {
        this.device = device;
    }

    Map<PointId, PointValue> view() {
        return values;
    }

    synchronized void accept(BacnetPoint p, Encodable e, Instant now) {
        OptionalDouble v = Values.toDouble(e);
        if (v.isEmpty() || !Double.isFinite(v.getAsDouble()) || !p.profile().limits().contains(v.getAsDouble())) {
            fault(p, "value " + e + " is not a number within " + p.profile().limits().min() + ".." + p.profile().limits().max(), now);
            return;
        }
        if (faults.remove(p.id()) != null) {
            LOG.info("BACnet device {}: {} reads plausible values again", device, p.id());
        }
        values.put(p.id(), PointValue.good(p.id(), v.getAsDouble(), p.profile().unit(), now));
    }

    /** Marks one point FAULT (keeping its last value and timestamp), logging the reason once per fault. */
    synchronized void fault(BacnetPoint p, String why, Instant now) {
        invalid.incrementAndGet();
        if (!why.equals(faults.put(p.id(), why))) {
            LOG.warn("BACnet device {}: {} is FAULT: {}", device, p.id(), why);
        }
        PointValue old = values.get(p.id());
        values.put(p.id(), new PointValue(p.id(), old == null ? 0 : old.value(), p.profile().unit(), Quality.FAULT,
                old == null ? now : old.timestamp()));
    }

    /** Every point FAULT (the device stopped answering). */
    synchronized void faultAll() {
        values.replaceAll((id, v) -> v.withQuality(Quality.FAULT));
    }

    /** A refused command is logged once per point and reason (the point's readings stay as they are). */
    synchronized void noteRefusal(BacnetPoint p, String what, String reason) {
        String key = "refused:" + what.split(" ")[0] + ":" + reason;
        if (!key.equals(refusals.put(p.id(), key))) {
            LOG.warn("BACnet device {}: {} of {} refused by the device: {}", device, what, p.id(), reason);
        }
    }

    /** Why the point is FAULT, or null. */
    synchronized String faultReason(PointId id) {
        return faults.get(id);
    }

    synchronized int faultCount() {
        return faults.size();
    }
}
