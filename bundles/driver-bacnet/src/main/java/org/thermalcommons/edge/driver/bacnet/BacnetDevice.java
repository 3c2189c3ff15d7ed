package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck;
import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyMultipleAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyMultipleRequest;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest;
import com.serotonin.bacnet4j.service.confirmed.SubscribeCOVRequest;
import com.serotonin.bacnet4j.service.confirmed.WritePropertyRequest;
import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.PropertyValue;
import com.serotonin.bacnet4j.type.constructed.ReadAccessResult;
import com.serotonin.bacnet4j.type.constructed.ReadAccessSpecification;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.constructed.ServicesSupported;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.enumerated.Segmentation;
import com.serotonin.bacnet4j.type.primitive.Boolean;
import com.serotonin.bacnet4j.type.primitive.Null;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.thermalcommons.edge.driver.support.Backoff;
import org.thermalcommons.edge.driver.support.FieldDevice;
import org.thermalcommons.edge.driver.support.Staleness;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/**
 * One BACnet device: learns its max APDU, segmentation and services from its device object, polls its points with
 * ReadPropertyMultiple batched to fit (or ReadProperty when RPM is not supported), subscribes to COV where the device
 * supports it (renewed before the lifetime ends; polling continues as the fallback), writes at the gateway's priority
 * and relinquishes (writes NULL) what it commanded. Unreachable: exponential back-off, FAULT after repeated failures,
 * one log line per outage and per recovery. Runs on the device's own thread.
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
    private final java.util.function.LongSupplier monotonicMillis;
    private final Backoff backoff;
    private final Map<PointId, BacnetPoint> points = new HashMap<>();
    private final Map<PollGroup, List<BacnetPoint>> groups = new EnumMap<>(PollGroup.class);
    private final Map<ObjectIdentifier, BacnetPoint> byObject = new HashMap<>();
    private final List<PointDefinition> definitions = new ArrayList<>();
    private final Map<PointId, PointValue> values = new ConcurrentHashMap<>();
    private final Set<PointId> commanded = ConcurrentHashMap.newKeySet();
    private final Set<PointId> invalidLogged = new HashSet<>();
    private final Set<ObjectIdentifier> noCov = new HashSet<>();
    private final Map<PollGroup, List<SequenceOf<ReadAccessSpecification>>> requests = new EnumMap<>(PollGroup.class);
    final AtomicLong requestsSent = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong invalidResponses = new AtomicLong();
    final AtomicLong covUpdates = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    private boolean described;
    private int perRequest = 1;
    private boolean rpm;
    private boolean covSupported;
    private long covRenewAtMillis = Long.MIN_VALUE;

    /**
     * @param clock           the gateway clock, for timestamps (it may jump: simulation, time sync)
     * @param monotonicMillis a monotonic clock for back-off and COV renewal
     */
    BacnetDevice(Settings settings, DeviceProfile profile, BacnetNetwork net, Supplier<Instant> clock,
                 java.util.function.LongSupplier monotonicMillis) {
        this(settings, profile, net, clock, monotonicMillis, Map.of());
    }

    /** @param periods each group's configured poll period (staleness follows it; a group not given: its default) */
    BacnetDevice(Settings settings, DeviceProfile profile, BacnetNetwork net, Supplier<Instant> clock,
                 java.util.function.LongSupplier monotonicMillis, Map<PollGroup, Duration> periods) {
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
            points.put(bp.id(), bp);
            byObject.put(bp.object(), bp);
            groups.computeIfAbsent(p.pollGroup(), g -> new ArrayList<>()).add(bp);
            definitions.add(new PointDefinition(bp.id(), p.role(), p.unit(), p.limits(), p.writable(),
                    Staleness.of(settings.staleAfter(), periods.getOrDefault(p.pollGroup(), p.pollGroup().defaultPeriod())),
                    p.safeValue(), p.writePolicy()));
        }
        net.onCov(settings.subscriberId(), this::covReceived);
    }

    @Override
    public List<PointDefinition> definitions() {
        return definitions;
    }

    @Override
    public Map<PointId, PointValue> values() {
        return values;
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

    boolean usesRpm() {
        return rpm;
    }

    int perRequest() {
        return perRequest;
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
        rpm = services.isReadPropertyMultiple();
        covSupported = services.isSubscribeCov();
        boolean segmented = !Segmentation.noSegmentation.equals(seg);
        perRequest = RpmBatcher.perRequest(maxApdu, segmented);
        requests.clear();
        net.remember(s.deviceInstance(), address, maxApdu, seg);
        described = true;
        LOG.info("BACnet device {} ({} at {}): max APDU {}, segmentation {}, {}, COV {}", s.device(), s.deviceInstance(),
                s.address(), maxApdu, seg, rpm ? "ReadPropertyMultiple in batches of " + perRequest : "ReadProperty only",
                covSupported && s.cov() ? "on" : "off");
    }

    private Encodable read(ObjectIdentifier o, PropertyIdentifier p) throws IOException {
        requestsSent.incrementAndGet();
        ReadPropertyAck ack = net.call(address, new ReadPropertyRequest(o, p));
        return ack.getValue();
    }

    /** Polls one group, unless backing off. */
    @Override
    public void poll(PollGroup group) {
        Instant now = clock.get();
        if (!backoff.due()) {
            return;
        }
        long mono = monotonicMillis.getAsLong();
        try {
            if (!described) {
                describe();
            }
            List<BacnetPoint> list = groups.getOrDefault(group, List.of());
            if (rpm) {
                for (SequenceOf<ReadAccessSpecification> batch : requests.computeIfAbsent(group, g -> rpmRequests(list))) {
                    readMultiple(batch, now);
                }
            } else {
                for (BacnetPoint p : list) {
                    accept(p, read(p.object(), p.property()), now);
                }
            }
            if (s.cov() && covSupported && mono >= covRenewAtMillis) {
                subscribeCov(mono);
            }
            succeeded();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** The group's RPM request bodies, batched for this device (built once per description of the device). */
    private List<SequenceOf<ReadAccessSpecification>> rpmRequests(List<BacnetPoint> list) {
        List<SequenceOf<ReadAccessSpecification>> out = new ArrayList<>();
        for (List<BacnetPoint> batch : RpmBatcher.batches(list, perRequest)) {
            List<ReadAccessSpecification> specs = new ArrayList<>();
            for (BacnetPoint p : batch) {
                specs.add(new ReadAccessSpecification(p.object(), p.property()));
            }
            out.add(new SequenceOf<>(specs));
        }
        return out;
    }

    private void readMultiple(SequenceOf<ReadAccessSpecification> batch, Instant now) throws IOException {
        requestsSent.incrementAndGet();
        ReadPropertyMultipleAck ack = net.call(address, new ReadPropertyMultipleRequest(batch));
        for (ReadAccessResult r : ack.getListOfReadAccessResults()) {
            BacnetPoint p = byObject.get(r.getObjectIdentifier());
            if (p == null) {
                continue;
            }
            for (ReadAccessResult.Result res : r.getListOfResults()) {
                if (res.isError()) {
                    invalid(p, "device answered an error: " + res.getReadResult().getDatum(), now);
                } else {
                    accept(p, res.getReadResult().getDatum(), now);
                }
            }
        }
    }

    private void accept(BacnetPoint p, Encodable e, Instant now) {
        OptionalDouble v = Values.toDouble(e);
        if (v.isEmpty() || !Double.isFinite(v.getAsDouble()) || !p.profile().limits().contains(v.getAsDouble())) {
            invalid(p, "value " + e + " is not a number within " + p.profile().limits().min() + ".." + p.profile().limits().max(), now);
            return;
        }
        if (!invalidLogged.isEmpty() && invalidLogged.remove(p.id())) {
            LOG.info("BACnet device {}: {} reads plausible values again", s.device(), p.id());
        }
        values.put(p.id(), PointValue.good(p.id(), v.getAsDouble(), p.profile().unit(), now));
    }

    private void invalid(BacnetPoint p, String why, Instant now) {
        invalidResponses.incrementAndGet();
        if (invalidLogged.add(p.id())) {
            LOG.warn("BACnet device {}: {} rejected: {}; the point is marked fault", s.device(), p.id(), why);
        }
        PointValue old = values.get(p.id());
        values.put(p.id(), new PointValue(p.id(), old == null ? 0 : old.value(), p.profile().unit(), Quality.FAULT,
                old == null ? now : old.timestamp()));
    }

    private void subscribeCov(long mono) throws IOException {
        for (BacnetPoint p : points.values()) {
            if (p.property().equals(PropertyIdentifier.presentValue) && !noCov.contains(p.object())) {
                requestsSent.incrementAndGet();
                try {
                    net.call(address, new SubscribeCOVRequest(new UnsignedInteger(s.subscriberId()), p.object(), Boolean.FALSE,
                            new UnsignedInteger(s.covLifetime().toSeconds())));
                } catch (BacnetNetwork.RefusedException e) {
                    // This object does not report COV: it stays on polling.
                    noCov.add(p.object());
                    LOG.debug("BACnet device {}: {} does not support COV; polled only", s.device(), p.id());
                }
            }
        }
        // Renew at 80 % of the lifetime.
        covRenewAtMillis = mono + s.covLifetime().toMillis() * 8 / 10;
    }

    private void covReceived(BacnetNetwork.Cov cov) {
        BacnetPoint p = byObject.get(cov.object());
        if (p == null || cov.deviceInstance() != s.deviceInstance()) {
            return;
        }
        for (PropertyValue pv : cov.values()) {
            if (pv.getPropertyIdentifier().equals(p.property())) {
                covUpdates.incrementAndGet();
                accept(p, pv.getValue(), clock.get());
            }
        }
    }

    private void succeeded() {
        int ended = backoff.succeeded();
        if (ended > 0) {
            LOG.info("BACnet device {} answers again after {} failed attempts", s.device(), ended);
        }
    }

    private void failed(IOException e) {
        failures.incrementAndGet();
        described = false;
        covRenewAtMillis = Long.MIN_VALUE;
        Backoff.Failure f = backoff.failed();
        if (f.first()) {
            LOG.warn("BACnet device {} ({} at {}) unreachable: {}. Its points go stale, then fault after {} failures; retrying with back-off up to {} s",
                    s.device(), s.deviceInstance(), s.address(), e.getMessage(), s.faultAfterFailures(), s.backoffMax().toSeconds());
        }
        if (f.faultNow()) {
            values.replaceAll((id, v) -> v.withQuality(Quality.FAULT));
        }
    }

    /** WriteProperty at the gateway's priority. */
    @Override
    public WriteOutcome write(PointId id, double value) {
        BacnetPoint p = points.get(id);
        if (p == null || !p.profile().writable()) {
            String why = p == null ? "no such point" : "not writable";
            LOG.warn("BACnet device {}: write to {} rejected: {}", s.device(), id, why);
            return WriteOutcome.refused(why);
        }
        if (send(p, Values.toEncodable(p, value), "write " + value)) {
            commanded.add(id);
            writes.incrementAndGet();
            return WriteOutcome.accepted();
        }
        return WriteOutcome.unreachable("write failed");
    }

    /** Writes NULL at the gateway's priority: the device falls back to lower priorities or its relinquish default. */
    @Override
    public WriteOutcome relinquish(PointId id) {
        BacnetPoint p = points.get(id);
        if (p == null || !p.profile().writable()) {
            return WriteOutcome.refused(p == null ? "no such point" : "not writable");
        }
        if (send(p, Null.instance, "relinquish")) {
            commanded.remove(id);
            return WriteOutcome.accepted();
        }
        return WriteOutcome.unreachable("relinquish failed");
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

    private boolean send(BacnetPoint p, Encodable value, String what) {
        try {
            requestsSent.incrementAndGet();
            int priority = p.profile().writePriority().orElse(s.writePriority());
            net.call(address, new WritePropertyRequest(p.object(), p.property(), null, value, new UnsignedInteger(priority)));
            return true;
        } catch (IOException e) {
            failed(e);
            LOG.warn("BACnet device {}: {} of {} failed: {}", s.device(), what, p.id(), e.getMessage());
            return false;
        }
    }

    Set<PointId> commanded() {
        return commanded;
    }

    @Override
    public void close() {
        net.removeCov(s.subscriberId());
    }
}
