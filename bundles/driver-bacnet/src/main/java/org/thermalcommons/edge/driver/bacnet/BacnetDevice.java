package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest;
import com.serotonin.bacnet4j.service.confirmed.WritePropertyRequest;
import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.ServicesSupported;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.enumerated.Segmentation;
import com.serotonin.bacnet4j.type.primitive.Null;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;
import org.thermalcommons.edge.driver.support.Backoff;
import org.thermalcommons.edge.driver.support.FieldDevice;
import org.thermalcommons.edge.driver.support.Staleness;

/**
 * One BACnet device: learns its max APDU, segmentation and services from its device object, relinquishes the
 * gateway's priority on every commandable point once before the first command (clears what a crash left), polls with
 * per-point fault isolation ({@link PointReader}), follows COV where it works ({@link CovSubscriptions}: those points
 * are polled only often enough to stay fresh), and writes at the gateway's priority with the device's real answer:
 * a BACnet Error is REFUSED for that point with the error class and code, an unanswered request is UNREACHABLE.
 * Unreachable: exponential back-off, FAULT after repeated failures, one log line per outage and per recovery. Runs on
 * the device's own thread (COV notifications on bacnet4j's).
 */
final class BacnetDevice implements FieldDevice {
    private static final Logger LOG = LoggerFactory.getLogger(BacnetDevice.class);

    /** Settings from the device's configuration. */
    record Settings(String device, int deviceInstance, String address, int writePriority, boolean cov,
                    Duration covLifetime, Duration staleAfter, Duration backoffMin, Duration backoffMax,
                    int faultAfterFailures, long subscriberId) {
    }

    private final Settings s;
    private final BacnetNetwork net;
    private final Address address;
    private final Supplier<Instant> clock;
    private final LongSupplier monotonicMillis;
    private final Backoff backoff;
    private final Map<PointId, BacnetPoint> points = new HashMap<>();
    private final Map<BacnetPoint.Key, BacnetPoint> byKey = new HashMap<>();
    private final Map<PollGroup, List<BacnetPoint>> groups = new EnumMap<>(PollGroup.class);
    private final Map<PointId, Long> lastPolled = new HashMap<>();
    private final List<PointDefinition> definitions = new ArrayList<>();
    private final PointValues values;
    private final PointReader reader;
    private final CovSubscriptions cov;
    private final Set<PointId> commanded = ConcurrentHashMap.newKeySet();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong writesAccepted = new AtomicLong();
    final AtomicLong writesRefused = new AtomicLong();
    final AtomicLong writesUnreachable = new AtomicLong();
    final AtomicLong startupRelinquished = new AtomicLong();
    private volatile boolean reachable = true;
    private volatile String lastFailure = "";
    private boolean described;
    private boolean startupDone;
    private boolean covSupported;

    /**
     * @param clock           the gateway clock, for timestamps (it may jump: simulation, time sync)
     * @param monotonicMillis a monotonic clock for back-off and COV renewal
     */
    BacnetDevice(Settings settings, DeviceProfile profile, BacnetNetwork net, Supplier<Instant> clock,
                 LongSupplier monotonicMillis) {
        this(settings, profile, net, clock, monotonicMillis, Map.of());
    }

    /** @param periods each group's configured poll period (staleness follows it; a group not given: its default) */
    BacnetDevice(Settings settings, DeviceProfile profile, BacnetNetwork net, Supplier<Instant> clock,
                 LongSupplier monotonicMillis, Map<PollGroup, Duration> periods) {
        if (!"bacnet".equals(profile.protocol())) {
            throw new IllegalArgumentException("profile '" + profile.id() + "' is a " + profile.protocol() + " profile, not bacnet");
        }
        if (settings.writePriority() < 1 || settings.writePriority() > 16) {
            throw new IllegalArgumentException("writePriority must be 1..16");
        }
        this.s = settings;
        this.net = net;
        this.address = BacnetNetwork.address(settings.address());
        this.clock = clock;
        this.monotonicMillis = monotonicMillis;
        this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax(), settings.faultAfterFailures(), monotonicMillis);
        for (ProfilePoint p : profile.points()) {
            BacnetPoint bp = BacnetPoint.of(settings.device(), p);
            BacnetPoint same = byKey.put(bp.key(), bp);
            if (same != null) {
                throw new IllegalArgumentException("profile '" + profile.id() + "': points " + same.profile().name() + " and "
                        + p.name() + " both read " + bp.object() + " " + bp.property());
            }
            points.put(bp.id(), bp);
            groups.computeIfAbsent(p.pollGroup(), g -> new ArrayList<>()).add(bp);
            definitions.add(new PointDefinition(bp.id(), p.role(), p.unit(), p.limits(), p.writable(),
                    Staleness.of(settings.staleAfter(), periods.getOrDefault(p.pollGroup(), p.pollGroup().defaultPeriod())),
                    p.safeValue(), p.writePolicy()));
        }
        values = new PointValues(settings.device());
        reader = new PointReader(settings.device(), net, address, values, byKey);
        cov = new CovSubscriptions(settings.device(), settings.deviceInstance(), net, address, settings.subscriberId(),
                settings.covLifetime(), values, byKey, clock, monotonicMillis);
    }

    @Override
    public List<PointDefinition> definitions() {
        return definitions;
    }

    @Override
    public Map<PointId, PointValue> values() {
        return values.view();
    }

    @Override
    public Set<PollGroup> pollGroups() {
        return groups.keySet();
    }

    @Override
    public boolean writable(PointId id) {
        BacnetPoint p = points.get(id);
        return p != null && p.profile().writable();
    }

    /** False while backing off after failures (commands wait; only the newest goes out once it answers). */
    @Override
    public boolean available() {
        return backoff.failures() == 0 || backoff.due();
    }

    PointReader reader() {
        return reader;
    }

    PointValues pointValues() {
        return values;
    }

    CovSubscriptions cov() {
        return cov;
    }

    List<BacnetPoint> group(PollGroup g) {
        return groups.getOrDefault(g, List.of());
    }

    int consecutiveFailures() {
        return backoff.failures();
    }

    /** Reads the device object: max APDU, segmentation, services supported (once, and again after an outage). */
    private void describe() throws IOException {
        ObjectIdentifier dev = new ObjectIdentifier(ObjectType.device, s.deviceInstance());
        int maxApdu = ((UnsignedInteger) read(dev, PropertyIdentifier.maxApduLengthAccepted)).intValue();
        Segmentation seg = (Segmentation) read(dev, PropertyIdentifier.segmentationSupported);
        ServicesSupported services = (ServicesSupported) read(dev, PropertyIdentifier.protocolServicesSupported);
        covSupported = services.isSubscribeCov();
        RpmBatcher.Budget budget = RpmBatcher.budget(maxApdu, seg);
        reader.configure(services.isReadPropertyMultiple(), budget);
        net.remember(s.deviceInstance(), address, maxApdu, seg);
        described = true;
        LOG.info("BACnet device {} ({} at {}): max APDU {}, segmentation {}, {}, COV {}", s.device(), s.deviceInstance(),
                s.address(), maxApdu, seg, reader.usesRpm() ? "ReadPropertyMultiple within " + budget.requestBytes()
                        + " request / " + budget.answerBytes() + " answer bytes" : "ReadProperty only",
                covSupported && s.cov() ? "on" : "off");
    }

    private Encodable read(ObjectIdentifier o, PropertyIdentifier p) throws IOException {
        reader.requests.incrementAndGet();
        ReadPropertyAck ack = net.call(address, new ReadPropertyRequest(o, p));
        return ack.getValue();
    }

    /** First contact: the device object, then (once per start) the start-up relinquish. */
    private void prepare() throws IOException {
        if (!described) {
            describe();
        }
        if (!startupDone) {
            relinquishOnStart();
            startupDone = true;
        }
    }

    /**
     * Writes NULL at the gateway's priority on every commandable point of the profile, before the first command: a
     * gateway that was killed (no chance to relinquish) leaves no orphaned command behind once it is back.
     */
    private void relinquishOnStart() throws IOException {
        for (BacnetPoint p : points.values()) {
            if (!p.profile().writable()) {
                continue;
            }
            try {
                sendWrite(p, Null.instance);
                startupRelinquished.incrementAndGet();
            } catch (RefusedException e) {
                LOG.debug("BACnet device {}: start-up relinquish of {} refused: {}", s.device(), p.id(), e.reason());
            }
        }
        LOG.info("BACnet device {}: relinquished priority {} on its commandable points at start", s.device(), s.writePriority());
    }

    /** Polls one group, unless backing off. */
    @Override
    public void poll(PollGroup group) {
        if (!backoff.due()) {
            return;
        }
        Instant now = clock.get();
        long mono = monotonicMillis.getAsLong();
        try {
            prepare();
            reader.read(group, due(group, mono), now);
            succeeded();
        } catch (IOException e) {
            failed(e);
            return;
        }
        if (s.cov() && covSupported) {
            cov.renewIfDue(points.values());
        }
    }

    /** The group's points to read now: those with working COV only every third of the stale time. */
    private List<BacnetPoint> due(PollGroup group, long mono) {
        List<BacnetPoint> list = group(group);
        long slowMs = Math.max(1, s.staleAfter().toMillis() / 3);
        List<BacnetPoint> out = new ArrayList<>(list.size());
        for (BacnetPoint p : list) {
            Long last = lastPolled.get(p.id());
            if (last == null || !cov.working(p) || mono - last >= slowMs) {
                out.add(p);
                lastPolled.put(p.id(), mono);
            }
        }
        return out;
    }

    private void succeeded() {
        reachable = true;
        int ended = backoff.succeeded();
        if (ended > 0) {
            LOG.info("BACnet device {} answers again after {} failed attempts", s.device(), ended);
        }
    }

    private void failed(IOException e) {
        failures.incrementAndGet();
        reachable = false;
        lastFailure = e.getMessage();
        described = false;
        cov.reset();
        Backoff.Failure f = backoff.failed();
        if (f.first()) {
            LOG.warn("BACnet device {} ({} at {}) unreachable: {}. Its points go stale, then fault after {} failures; retrying with back-off up to {} s",
                    s.device(), s.deviceInstance(), s.address(), e.getMessage(), s.faultAfterFailures(), s.backoffMax().toSeconds());
        }
        if (f.faultNow()) {
            values.faultAll();
        }
    }

    /** WriteProperty at the gateway's priority, with the device's answer. */
    @Override
    public WriteOutcome write(PointId id, double value) {
        BacnetPoint p = points.get(id);
        if (p == null || !p.profile().writable()) {
            return refused(id, p == null ? "no such point" : "not writable");
        }
        WriteOutcome o = command(p, Values.toEncodable(p, value), "write " + value);
        if (o.status() == WriteOutcome.Status.ACCEPTED) {
            commanded.add(id);
        }
        return o;
    }

    /** Writes NULL at the gateway's priority: the device falls back to lower priorities or its relinquish default. */
    @Override
    public WriteOutcome relinquish(PointId id) {
        BacnetPoint p = points.get(id);
        if (p == null || !p.profile().writable()) {
            return refused(id, p == null ? "no such point" : "not writable");
        }
        WriteOutcome o = command(p, Null.instance, "relinquish");
        if (o.status() == WriteOutcome.Status.ACCEPTED) {
            commanded.remove(id);
        }
        return o;
    }

    private WriteOutcome refused(PointId id, String why) {
        writesRefused.incrementAndGet();
        LOG.warn("BACnet device {}: command to {} refused: {}", s.device(), id, why);
        return WriteOutcome.refused(why);
    }

    private WriteOutcome command(BacnetPoint p, Encodable value, String what) {
        if (!available()) {
            writesUnreachable.incrementAndGet();
            return WriteOutcome.unreachable("device " + s.device() + " is backing off after failures: " + lastFailure);
        }
        try {
            prepare();
            sendWrite(p, value);
            succeeded();
            writesAccepted.incrementAndGet();
            return WriteOutcome.accepted();
        } catch (RefusedException e) {
            // The device answered: the command is refused for this point only; the device is fine.
            succeeded();
            writesRefused.incrementAndGet();
            values.noteRefusal(p, what, e.reason());
            return WriteOutcome.refused(e.reason());
        } catch (IOException e) {
            failed(e);
            writesUnreachable.incrementAndGet();
            return WriteOutcome.unreachable(what + " of " + p.id() + " not answered: " + e.getMessage());
        }
    }

    private void sendWrite(BacnetPoint p, Encodable value) throws IOException {
        reader.requests.incrementAndGet();
        int priority = p.profile().writePriority().orElse(s.writePriority());
        net.call(address, new WritePropertyRequest(p.object(), p.property(), null, value, new UnsignedInteger(priority)));
    }

    /** Relinquishes everything the gateway commanded (bundle stop, swap, reconfiguration). */
    @Override
    public void beforeStop() {
        relinquishAll();
    }

    void relinquishAll() {
        for (PointId id : List.copyOf(commanded)) {
            relinquish(id);
        }
    }

    Set<PointId> commanded() {
        return commanded;
    }

    /** The device's health for /health: DOWN while unreachable, DEGRADED with FAULT points. */
    Health health() {
        if (!reachable) {
            return Health.down("BACnet device " + s.device() + " unreachable: " + lastFailure);
        }
        int faults = values.faultCount();
        return faults == 0 ? Health.up() : Health.degraded(faults + " point(s) FAULT on BACnet device " + s.device());
    }

    @Override
    public void close() {
        cov.cancel();
    }
}
