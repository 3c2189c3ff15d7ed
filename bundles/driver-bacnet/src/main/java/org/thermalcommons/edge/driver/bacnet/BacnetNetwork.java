package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.RemoteDevice;
import com.serotonin.bacnet4j.ResponseConsumer;
import com.serotonin.bacnet4j.apdu.AckAPDU;
import com.serotonin.bacnet4j.event.DeviceEventAdapter;
import com.serotonin.bacnet4j.event.ExceptionListener;
import com.serotonin.bacnet4j.exception.BACnetAbortException;
import com.serotonin.bacnet4j.exception.BACnetException;
import com.serotonin.bacnet4j.exception.BACnetRejectException;
import com.serotonin.bacnet4j.exception.ErrorAPDUException;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkUtils;
import com.serotonin.bacnet4j.service.acknowledgement.AcknowledgementService;
import com.serotonin.bacnet4j.service.confirmed.ConfirmedRequestService;
import com.serotonin.bacnet4j.service.unconfirmed.WhoIsRequest;
import com.serotonin.bacnet4j.transport.DefaultTransport;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.PropertyValue;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.enumerated.Segmentation;
import com.serotonin.bacnet4j.type.primitive.CharacterString;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import com.serotonin.bacnet4j.util.sero.ByteQueue;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.thermalcommons.edge.driver.bacnet.link.BacnetIpLink;
import org.thermalcommons.edge.driver.bacnet.link.DatagramScreen;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;

/**
 * One BACnet/IP network: the gateway's bacnet4j LocalDevice on the exclusive {@link BacnetIpLink}, its identity from
 * site configuration, Who-Is/I-Am discovery, COV notification routing, and requests under a hard deadline (bacnet4j's
 * own timeout is set to the same deadline with no retry, and every call is also bounded by our own future).
 */
final class BacnetNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BacnetNetwork.class);
    /** Most devices remembered from I-Am (a flood of forged I-Ams must not grow the heap). */
    static final int MAX_DISCOVERED = 10_000;

    /** The gateway's own device object, as a BACnet tool sees it. */
    record Identity(int instance, String objectName, String vendorName, String modelName, String location) {
        static Identity of(int instance) {
            return new Identity(instance, "COOL Edge gateway", "Thermal Commons", "COOL Edge", "");
        }
    }

    /** A COV notification for a monitored object. */
    record Cov(int deviceInstance, ObjectIdentifier object, SequenceOf<PropertyValue> values) {
    }

    private final LocalDevice local;
    private final BacnetIpLink link;
    private final DatagramScreen screen;
    private final long timeoutMs;
    private final String broadcast;
    private final Map<Integer, DiscoveredDevice> discovered = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<Cov>> covListeners = new ConcurrentHashMap<>();
    private final AtomicLong subscriberIds = new AtomicLong();
    final AtomicLong whoIsSent = new AtomicLong();
    final AtomicLong iAmReceived = new AtomicLong();

    BacnetNetwork(String bindAddress, String broadcastAddress, int prefix, int port, int localInstance, long timeoutMs)
            throws IOException {
        this(bindAddress, broadcastAddress, port, List.of(), Identity.of(localInstance), timeoutMs);
    }

    /**
     * @param listenPorts ports of loopback devices whose broadcasts (I-Am) to listen to, besides our own
     * @throws BacnetIpLink.PortInUseException when the port is taken (one line, names the port)
     */
    BacnetNetwork(String bindAddress, String broadcastAddress, int port, List<Integer> listenPorts, Identity identity,
                  long timeoutMs) throws IOException {
        this.timeoutMs = timeoutMs;
        this.broadcast = broadcastAddress;
        if (broadcastAddress.equals("255.255.255.255")) {
            throw new IllegalArgumentException("broadcastAddress 255.255.255.255 is not allowed: give the subnet's broadcast address");
        }
        screen = DatagramScreen.perMinute();
        link = new BacnetIpLink(bindAddress, broadcastAddress, port, listenPorts, screen);
        DefaultTransport transport = new DefaultTransport(link);
        transport.setTimeout((int) timeoutMs);
        transport.setRetries(0);
        local = new LocalDevice(identity.instance(), transport);
        local.getExceptionDispatcher().removeDefaultExceptionListener();
        local.getExceptionDispatcher().addListener(new ExceptionListener() {
            @Override
            public void unimplementedVendorService(UnsignedInteger vendorId, UnsignedInteger serviceNumber, ByteQueue queue) {
                screen.reject(DatagramScreen.Rule.TRANSPORT, "?", "unimplemented vendor service " + vendorId + "/" + serviceNumber);
            }

            @Override
            public void receivedException(Exception e) {
                screen.reject(DatagramScreen.Rule.TRANSPORT, "?", e.toString());
            }

            @Override
            public void receivedThrowable(Throwable t) {
                screen.reject(DatagramScreen.Rule.TRANSPORT, "?", t.toString());
            }
        });
        local.getEventHandler().addListener(new DeviceEventAdapter() {
            @Override
            public void iAmReceived(RemoteDevice d) {
                iAmReceived.incrementAndGet();
                Address a = d.getAddress();
                if (a == null || (discovered.size() >= MAX_DISCOVERED && !discovered.containsKey(d.getInstanceNumber()))) {
                    return;
                }
                Segmentation seg = d.getSegmentationSupported();
                DiscoveredDevice old = discovered.get(d.getInstanceNumber());
                discovered.put(d.getInstanceNumber(), new DiscoveredDevice("bacnet", d.getInstanceNumber(),
                        IpNetworkUtils.toIpPortString(a.getMacAddress()), d.getMaxAPDULengthAccepted(),
                        seg == null ? "no-segmentation" : seg.toString(), d.getVendorIdentifier(),
                        old == null ? "" : old.vendorName(), old == null ? List.of() : old.objects(), Instant.now()));
            }

            @Override
            public void covNotificationReceived(UnsignedInteger subscriberProcessIdentifier, ObjectIdentifier initiatingDevice,
                                                ObjectIdentifier monitoredObject, UnsignedInteger timeRemaining,
                                                SequenceOf<PropertyValue> values) {
                Consumer<Cov> l = covListeners.get(subscriberProcessIdentifier.longValue());
                if (l != null) {
                    l.accept(new Cov(initiatingDevice.getInstanceNumber(), monitoredObject, values));
                }
            }
        });
        try {
            local.getDeviceObject().writePropertyInternal(PropertyIdentifier.objectName, new CharacterString(identity.objectName()));
            local.getDeviceObject().writePropertyInternal(PropertyIdentifier.vendorName, new CharacterString(identity.vendorName()));
            local.getDeviceObject().writePropertyInternal(PropertyIdentifier.modelName, new CharacterString(identity.modelName()));
            local.getDeviceObject().writePropertyInternal(PropertyIdentifier.location, new CharacterString(identity.location()));
            local.initialize();
        } catch (BacnetIpLink.PortInUseException e) {
            throw e;
        } catch (Exception e) {
            if (e.getCause() instanceof BacnetIpLink.PortInUseException p) {
                throw p;
            }
            throw new IOException("BACnet/IP network on " + bindAddress + ":" + port + " did not start: " + e, e);
        }
        LOG.info("BACnet/IP network on {}:{} (broadcast {}), gateway device {} '{}'", bindAddress, port, broadcastAddress,
                identity.instance(), identity.objectName());
    }

    static Address address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address '" + hostPort + "' must be host:port");
        }
        return IpNetworkUtils.toAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    LocalDevice local() {
        return local;
    }

    DatagramScreen screen() {
        return screen;
    }

    int port() {
        return link.port();
    }

    /** A subscriber process id no other device of this network uses. */
    long nextSubscriberId() {
        return subscriberIds.incrementAndGet();
    }

    /** Sends a confirmed request and waits at most the deadline. */
    @SuppressWarnings("unchecked")
    <T extends AcknowledgementService> T call(Address to, ConfirmedRequestService request) throws IOException {
        CompletableFuture<AcknowledgementService> f = new CompletableFuture<>();
        String what = request.getClass().getSimpleName().replace("Request", "");
        try {
            local.send(to, request, new ResponseConsumer() {
                @Override
                public void success(AcknowledgementService ack) {
                    f.complete(ack);
                }

                @Override
                public void fail(AckAPDU ack) {
                    f.completeExceptionally(RefusedException.of(what, ack));
                }

                @Override
                public void ex(BACnetException e) {
                    f.completeExceptionally(e);
                }
            });
            return (T) f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException(what + " timed out after " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RefusedException r) {
                throw r;
            }
            if (c instanceof ErrorAPDUException err) {
                throw RefusedException.of(what, err.getApdu());
            }
            if (c instanceof BACnetRejectException rej) {
                throw new RefusedException(RefusedException.Kind.REJECT, what, "reject: " + rej.getRejectReason());
            }
            if (c instanceof BACnetAbortException ab) {
                throw new RefusedException(RefusedException.Kind.ABORT, what, "abort: " + ab.getAbortReason());
            }
            throw new IOException(what + " failed: " + c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (RuntimeException e) {
            throw new IOException(what + " failed: " + e, e);
        }
    }

    /**
     * Tells bacnet4j what a device accepts (learned from its device object), so requests to its address are sized and
     * segmented for it; bacnet4j otherwise assumes 50-byte APDUs without segmentation for an unknown address.
     */
    void remember(int instance, Address to, int maxApdu, Segmentation segmentation) {
        RemoteDevice rd = new RemoteDevice(local, instance, to);
        rd.setDeviceProperty(PropertyIdentifier.maxApduLengthAccepted, new UnsignedInteger(maxApdu));
        rd.setDeviceProperty(PropertyIdentifier.segmentationSupported, segmentation);
        local.getRemoteDeviceCache().putEntity(instance, rd, com.serotonin.bacnet4j.cache.RemoteEntityCachePolicy.NEVER_EXPIRE);
    }

    /**
     * Sends Who-Is as an Original-Broadcast-NPDU to the broadcast address on our own port and on each of the given
     * ports (on loopback each simulated device listens on its own port).
     */
    void discover(List<Integer> ports) {
        List<Integer> all = new ArrayList<>(List.of(link.port()));
        for (int p : ports) {
            if (!all.contains(p)) {
                all.add(p);
            }
        }
        for (int p : all) {
            local.send(IpNetworkUtils.toAddress(broadcast, p), new WhoIsRequest());
            whoIsSent.incrementAndGet();
        }
    }

    List<DiscoveredDevice> devices() {
        List<DiscoveredDevice> l = new ArrayList<>(discovered.values());
        l.sort(Comparator.comparingInt(DiscoveredDevice::instance));
        return l;
    }

    DiscoveredDevice device(int instance) {
        return discovered.get(instance);
    }

    void described(DiscoveredDevice d) {
        discovered.put(d.instance(), d);
    }

    void onCov(long subscriberId, Consumer<Cov> listener) {
        covListeners.put(subscriberId, listener);
    }

    void removeCov(long subscriberId) {
        covListeners.remove(subscriberId);
    }

    @Override
    public void close() {
        local.terminate();
    }
}
