package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck;
import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyMultipleAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyMultipleRequest;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.ReadAccessResult;
import com.serotonin.bacnet4j.type.constructed.ReadAccessSpecification;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.error.ErrorClassAndCode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.profile.PollGroup;

/**
 * Reads a device's points with per-point fault isolation. With ReadPropertyMultiple, batches are planned by
 * {@link RpmBatcher}; a batch the device refuses whole (Error, Reject or Abort) is split in halves and retried at
 * once, and the group's batch size shrinks for good; a single point refused in RPM falls back to ReadProperty, and a
 * ReadProperty refusal marks only that point FAULT with the device's reason. A refusal never counts as the device
 * being unreachable: only a request that is not answered (timeout) throws. Runs on the device thread.
 */
final class PointReader {
    private static final Logger LOG = LoggerFactory.getLogger(PointReader.class);

    private final String device;
    private final BacnetNetwork net;
    private final Address address;
    private final PointValues values;
    private final Map<BacnetPoint.Key, BacnetPoint> byKey;
    private final Map<PollGroup, Integer> cap = new EnumMap<>(PollGroup.class);
    private final Set<BacnetPoint.Key> single = new HashSet<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();
    /** Values received by polls (good or fault), for the benchmark: what a poll actually read. */
    final AtomicLong valuesRead = new AtomicLong();
    private boolean rpm;
    private RpmBatcher.Budget budget = new RpmBatcher.Budget(46, 47);

    PointReader(String device, BacnetNetwork net, Address address, PointValues values, Map<BacnetPoint.Key, BacnetPoint> byKey) {
        this.device = device;
        this.net = net;
        this.address = address;
        this.values = values;
        this.byKey = byKey;
    }

    /** After (re)reading the device object: what it supports. Forgets shrunk batch sizes. */
    void configure(boolean useRpm, RpmBatcher.Budget b) {
        this.rpm = useRpm;
        this.budget = b;
        cap.clear();
        single.clear();
    }

    boolean usesRpm() {
        return rpm;
    }

    RpmBatcher.Budget budget() {
        return budget;
    }

    /** The batches a poll of these points sends (for tests and the log). */
    List<List<BacnetPoint>> plan(PollGroup g, List<BacnetPoint> points) {
        List<BacnetPoint> multi = new ArrayList<>();
        for (BacnetPoint p : points) {
            if (!single.contains(p.key())) {
                multi.add(p);
            }
        }
        List<List<BacnetPoint>> out = new ArrayList<>();
        int max = cap.getOrDefault(g, Integer.MAX_VALUE);
        for (List<BacnetPoint> b : RpmBatcher.batches(multi, budget)) {
            for (int i = 0; i < b.size(); i += max) {
                out.add(b.subList(i, Math.min(b.size(), i + max)));
            }
        }
        return out;
    }

    /** Reads the points; throws only when the device does not answer. */
    void read(PollGroup g, List<BacnetPoint> points, Instant now) throws IOException {
        if (!rpm) {
            for (BacnetPoint p : points) {
                readSingle(p, now);
            }
            return;
        }
        for (List<BacnetPoint> batch : plan(g, points)) {
            readBatch(g, batch, now);
        }
        for (BacnetPoint p : points) {
            if (single.contains(p.key())) {
                readSingle(p, now);
            }
        }
    }

    private void readBatch(PollGroup g, List<BacnetPoint> batch, Instant now) throws IOException {
        List<ReadAccessSpecification> specs = new ArrayList<>(batch.size());
        for (BacnetPoint p : batch) {
            specs.add(RpmBatcher.spec(p));
        }
        ReadPropertyMultipleAck ack;
        try {
            requests.incrementAndGet();
            ack = net.call(address, new ReadPropertyMultipleRequest(new SequenceOf<>(specs)));
        } catch (RefusedException e) {
            refusals.incrementAndGet();
            if (batch.size() == 1) {
                BacnetPoint p = batch.get(0);
                single.add(p.key());
                LOG.info("BACnet device {}: {} refused in ReadPropertyMultiple ({}); read with ReadProperty from now on",
                        device, p.id(), e.reason());
                readSingle(p, now);
                return;
            }
            int half = (batch.size() + 1) / 2;
            if (half < cap.getOrDefault(g, Integer.MAX_VALUE)) {
                cap.put(g, half);
                LOG.info("BACnet device {}: ReadPropertyMultiple of {} properties refused ({}); {} group batches shrink to {}",
                        device, batch.size(), e.reason(), g, half);
            }
            for (List<BacnetPoint> h : RpmBatcher.halves(batch)) {
                readBatch(g, h, now);
            }
            return;
        }
        for (ReadAccessResult r : ack.getListOfReadAccessResults()) {
            for (ReadAccessResult.Result res : r.getListOfResults()) {
                BacnetPoint p = byKey.get(new BacnetPoint.Key(r.getObjectIdentifier(), res.getPropertyIdentifier()));
                if (p == null) {
                    continue;
                }
                valuesRead.incrementAndGet();
                if (res.isError()) {
                    values.fault(p, "device answered " + errorText(res.getReadResult().getDatum()), now);
                } else {
                    values.accept(p, res.getReadResult().getDatum(), now);
                }
            }
        }
    }

    private void readSingle(BacnetPoint p, Instant now) throws IOException {
        try {
            requests.incrementAndGet();
            ReadPropertyAck ack = net.call(address, new ReadPropertyRequest(p.object(), p.property()));
            valuesRead.incrementAndGet();
            values.accept(p, ack.getValue(), now);
        } catch (RefusedException e) {
            refusals.incrementAndGet();
            valuesRead.incrementAndGet();
            values.fault(p, "device refused ReadProperty: " + e.reason(), now);
        }
    }

    static String errorText(Object datum) {
        if (datum instanceof ErrorClassAndCode c) {
            return c.getErrorClass() + ": " + c.getErrorCode();
        }
        return "an error: " + datum;
    }
}
