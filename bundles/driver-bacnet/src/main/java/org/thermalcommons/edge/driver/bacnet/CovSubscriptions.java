package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.service.confirmed.SubscribeCOVRequest;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.PropertyValue;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.Boolean;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's COV subscriptions (present-value of every point), with a subscriber process id unique on the network.
 * Kept out of poll health: a failed or refused subscription is counted and retried at the next renewal, never a
 * device failure. Notifications arrive on bacnet4j's thread; the state they share with the device thread is
 * concurrent (values through {@link PointValues}' lock). A point whose object sent a notification within the lifetime
 * has working COV, and is polled less often by the device. Cancelled on close.
 */
final class CovSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(CovSubscriptions.class);

    private final String device;
    private final int deviceInstance;
    private final BacnetNetwork net;
    private final Address address;
    private final long subscriberId;
    private final Duration lifetime;
    private final PointValues values;
    private final Map<BacnetPoint.Key, BacnetPoint> byKey;
    private final Supplier<Instant> clock;
    private final LongSupplier monotonicMillis;
    private final Set<ObjectIdentifier> refused = new HashSet<>();
    private final Set<ObjectIdentifier> subscribed = ConcurrentHashMap.newKeySet();
    private final Map<ObjectIdentifier, Long> lastNotified = new ConcurrentHashMap<>();
    final AtomicLong updates = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    private long renewAtMillis = Long.MIN_VALUE;

    CovSubscriptions(String device, int deviceInstance, BacnetNetwork net, Address address, long subscriberId, Duration lifetime,
                     PointValues values, Map<BacnetPoint.Key, BacnetPoint> byKey, Supplier<Instant> clock, LongSupplier monotonicMillis) {
        this.device = device;
        this.deviceInstance = deviceInstance;
        this.net = net;
        this.address = address;
        this.subscriberId = subscriberId;
        this.lifetime = lifetime;
        this.values = values;
        this.byKey = byKey;
        this.clock = clock;
        this.monotonicMillis = monotonicMillis;
        net.onCov(subscriberId, this::received);
    }

    long subscriberId() {
        return subscriberId;
    }

    /** Subscribes or renews (at 80 % of the lifetime) when due; on the device thread; never throws. */
    void renewIfDue(Collection<BacnetPoint> points) {
        long now = monotonicMillis.getAsLong();
        if (now < renewAtMillis) {
            return;
        }
        renewAtMillis = now + lifetime.toMillis() * 8 / 10;
        for (BacnetPoint p : points) {
            ObjectIdentifier o = p.object();
            if (!p.property().equals(PropertyIdentifier.presentValue) || refused.contains(o)) {
                continue;
            }
            try {
                net.call(address, new SubscribeCOVRequest(new UnsignedInteger(subscriberId), o, Boolean.FALSE,
                        new UnsignedInteger(lifetime.toSeconds())));
                subscribed.add(o);
            } catch (RefusedException e) {
                refused.add(o); // this object does not report COV: it stays on polling
                LOG.debug("BACnet device {}: {} refuses COV ({}); polled only", device, p.id(), e.reason());
            } catch (IOException e) {
                failures.incrementAndGet();
                subscribed.remove(o);
                // Retry sooner than a renewal; polling carries on regardless.
                renewAtMillis = now + Math.min(lifetime.toMillis() / 5, 60_000);
                LOG.debug("BACnet device {}: COV subscription failed: {}", device, e.getMessage());
                return;
            }
        }
    }

    /** Forgets the subscriptions (the device restarted or went away): they are renewed at the next poll. */
    void reset() {
        subscribed.clear();
        lastNotified.clear();
        renewAtMillis = Long.MIN_VALUE;
    }

    /** Whether the point's object reports changes by COV now (a notification within the lifetime). */
    boolean working(BacnetPoint p) {
        Long at = lastNotified.get(p.object());
        return at != null && subscribed.contains(p.object()) && monotonicMillis.getAsLong() - at < lifetime.toMillis();
    }

    private void received(BacnetNetwork.Cov cov) {
        if (cov.deviceInstance() != deviceInstance) {
            return;
        }
        lastNotified.put(cov.object(), monotonicMillis.getAsLong());
        for (PropertyValue pv : cov.values()) {
            BacnetPoint p = byKey.get(new BacnetPoint.Key(cov.object(), pv.getPropertyIdentifier()));
            if (p != null) {
                updates.incrementAndGet();
                values.accept(p, pv.getValue(), clock.get());
            }
        }
    }

    /** Cancels every subscription (best effort, stops at the first unanswered request) and stops listening. */
    void cancel() {
        net.removeCov(subscriberId);
        for (ObjectIdentifier o : List.copyOf(subscribed)) {
            try {
                net.call(address, new SubscribeCOVRequest(new UnsignedInteger(subscriberId), o, null, null));
            } catch (RefusedException e) {
                LOG.debug("BACnet device {}: cancelling COV on {} refused: {}", device, o, e.reason());
            } catch (IOException e) {
                break;
            }
        }
        subscribed.clear();
    }
}
