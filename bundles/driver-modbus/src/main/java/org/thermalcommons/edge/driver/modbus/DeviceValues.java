package org.thermalcommons.edge.driver.modbus;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.input.RateLimitedLog;

/**
 * A device's latest point values and why a point is fault (an implausible value, an exception response for its block,
 * the device unreachable). Written by the device thread; read by the cycle, metrics and health (thread-safe). A point
 * that turns fault keeps its last value and timestamp; a reason is logged when it appears and when it clears, at most
 * once a window per point (a flapping device must not flood the log).
 */
final class DeviceValues {
    private final String device;
    private final ModbusCounters counters;
    private final RateLimitedLog log;
    private final Map<PointId, PointValue> values = new ConcurrentHashMap<>();
    private final Map<PointId, String> invalid = new ConcurrentHashMap<>();
    private final Map<PointId, String> refused = new ConcurrentHashMap<>();

    DeviceValues(String device, ModbusCounters counters, RateLimitedLog log) {
        this.device = device;
        this.counters = counters;
        this.log = log;
    }

    Map<PointId, PointValue> values() {
        return values;
    }

    /** A plausible reading: good, and any fault reason of the point cleared. */
    void accept(ModbusPoint p, double value, Instant now) {
        if (!Double.isFinite(value) || !p.profile().limits().contains(value)) {
            invalid(p, "value " + value + " outside its plausible range " + p.profile().limits().min() + ".."
                    + p.profile().limits().max(), now);
            return;
        }
        if (!invalid.isEmpty() && invalid.remove(p.id()) != null) {
            log.warn("plausible " + p.id(), "Modbus device {}: {} reads plausible values again", device, p.id());
        }
        refused.remove(p.id());
        values.put(p.id(), PointValue.good(p.id(), value, p.profile().unit(), now));
    }

    /** A reading the driver rejects (implausible value, unusable scale factor): this point only turns fault. */
    void invalid(ModbusPoint p, String why, Instant now) {
        counters.invalidValues.increment();
        if (invalid.put(p.id(), why) == null) {
            log.warn("implausible " + p.id(), "Modbus device {}: {} rejected: {}; the point is marked fault", device, p.id(), why);
        }
        fault(p, now);
    }

    /** The device refused to read the point's block (exception response): the point turns fault with the reason. */
    void refused(ModbusPoint p, String reason, Instant now) {
        refused.put(p.id(), reason);
        fault(p, now);
    }

    private void fault(ModbusPoint p, Instant now) {
        PointValue old = values.get(p.id());
        values.put(p.id(), new PointValue(p.id(), old == null ? 0 : old.value(), p.profile().unit(), Quality.FAULT,
                old == null ? now : old.timestamp()));
    }

    /** The device is unreachable: every point turns fault (it keeps its last value and time). */
    void faultAll() {
        values.replaceAll((id, v) -> v.withQuality(Quality.FAULT));
    }

    /** Why the point is fault, when the driver knows more than "unreachable". */
    Optional<String> faultReason(PointId id) {
        String r = refused.get(id);
        return Optional.ofNullable(r != null ? r : invalid.get(id));
    }

    /** Points currently refused by the device (exception responses), with the reason. */
    Map<PointId, String> refusedPoints() {
        return Map.copyOf(refused);
    }

    /** Up; degraded while the device is unreachable ({@code outage} non-null) or while points are refused, naming them. */
    Health health(String outage) {
        if (outage != null) {
            return Health.degraded("unreachable: " + outage);
        }
        Map<PointId, String> r = refusedPoints();
        return r.isEmpty() ? Health.up() : Health.degraded(r.size() + " point(s) refused by the device: " + new TreeMap<>(r));
    }
}
