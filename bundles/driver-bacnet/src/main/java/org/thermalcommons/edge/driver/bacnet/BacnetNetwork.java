package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.RemoteDevice;
import com.serotonin.bacnet4j.ResponseConsumer;
import com.serotonin.bacnet4j.apdu.AckAPDU;
import com.serotonin.bacnet4j.event.DeviceEventAdapter;
import com.serotonin.bacnet4j.exception.BACnetException;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkBuilder;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkUtils;
import com.serotonin.bacnet4j.service.acknowledgement.AcknowledgementService;
import com.serotonin.bacnet4j.service.confirmed.ConfirmedRequestService;
import com.serotonin.bacnet4j.service.unconfirmed.WhoIsRequest;
import com.serotonin.bacnet4j.transport.DefaultTransport;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.constructed.PropertyValue;
import com.serotonin.bacnet4j.type.constructed.SequenceOf;
import com.serotonin.bacnet4j.type.enumerated.Segmentation;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;

/**
 * One BACnet/IP network: the gateway's bacnet4j LocalDevice bound to a local address and port, Who-Is/I-Am discovery,
 * COV notification routing, and requests under a hard deadline (bacnet4j's own timeout and retries are set to the same
 * deadline and no retry, and every call is additionally bounded by our own future).
 */
final class BacnetNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BacnetNetwork.class);

    /** The device answered, but with an error (as opposed to not answering). */
    static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** A COV notification for a monitored object. */
    record Cov(int deviceInstance, ObjectIdentifier object, SequenceOf<PropertyValue> values) {
    }

    private final LocalDevice local;
    private final long timeoutMs;
    private final String broadcast;
    private final Map<Integer, DiscoveredDevice> discovered = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<Cov>> covListeners = new ConcurrentHashMap<>();

    BacnetNetwork(String bindAddress, String broadcastAddress, int prefix, int port, int localInstance, long timeoutMs)
            throws Exception {
        this.timeoutMs = timeoutMs;
        this.broadcast = broadcastAddress;
        if (broadcastAddress.equals("255.255.255.255")) {
            throw new IllegalArgumentException("broadcastAddress 255.255.255.255 is not allowed: give the subnet's broadcast address");
        }
        DefaultTransport transport = new DefaultTransport(new IpNetworkBuilder().withLocalBindAddress(bindAddress)
                .withBroadcast(broadcastAddress, prefix).withPort(port).withReuseAddress(true).build());
        transport.setTimeout((int) timeoutMs);
        transport.setRetries(0);
        local = new LocalDevice(localInstance, transport);
        local.getEventHandler().addListener(new DeviceEventAdapter() {
            @Override
            public void iAmReceived(RemoteDevice d) {
                Address a = d.getAddress();
                discovered.put(d.getInstanceNumber(), new DiscoveredDevice("bacnet", d.getInstanceNumber(),
                        a == null ? "?" : IpNetworkUtils.toIpPortString(a.getMacAddress()), d.getMaxAPDULengthAccepted(),
                        d.getSegmentationSupported() != null && !d.getSegmentationSupported().equals(Segmentation.noSegmentation),
                        List.of(), Instant.now()));
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
        local.initialize();
        LOG.info("BACnet/IP network on {}:{} (broadcast {}/{}), local device {}", bindAddress, port, broadcastAddress, prefix, localInstance);
    }

    static Address address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address '" + hostPort + "' must be host:port");
        }
        return IpNetworkUtils.toAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Sends a confirmed request and waits at most the deadline. */
    @SuppressWarnings("unchecked")
    <T extends AcknowledgementService> T call(Address to, ConfirmedRequestService request) throws IOException {
        CompletableFuture<AcknowledgementService> f = new CompletableFuture<>();
        try {
            local.send(to, request, new ResponseConsumer() {
                @Override
                public void success(AcknowledgementService ack) {
                    f.complete(ack);
                }

                @Override
                public void fail(AckAPDU ack) {
                    f.completeExceptionally(new RefusedException("device refused " + request.getClass().getSimpleName() + ": " + ack));
                }

                @Override
                public void ex(BACnetException e) {
                    f.completeExceptionally(e);
                }
            });
            return (T) f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException(request.getClass().getSimpleName() + " timed out after " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RefusedException r) {
                throw r;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (RuntimeException e) {
            throw new IOException(e.toString(), e);
        }
    }

    /**
     * Tells bacnet4j what a device accepts (learned from its device object), so requests to its address are sized and
     * segmented for it; bacnet4j otherwise assumes 50-byte APDUs without segmentation for an unknown address.
     */
    void remember(int instance, Address to, int maxApdu, Segmentation segmentation) {
        RemoteDevice rd = new RemoteDevice(local, instance, to);
        rd.setDeviceProperty(com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier.maxApduLengthAccepted,
                new UnsignedInteger(maxApdu));
        rd.setDeviceProperty(com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier.segmentationSupported, segmentation);
        local.getRemoteDeviceCache().putEntity(instance, rd, com.serotonin.bacnet4j.cache.RemoteEntityCachePolicy.NEVER_EXPIRE);
    }

    /** Sends Who-Is to the broadcast address on each of the given ports (each loopback device listens on its own). */
    void discover(List<Integer> ports) {
        for (int p : ports) {
            local.send(IpNetworkUtils.toAddress(broadcast, p), new WhoIsRequest());
        }
    }

    List<DiscoveredDevice> devices() {
        List<DiscoveredDevice> l = new ArrayList<>(discovered.values());
        l.sort(Comparator.comparingInt(DiscoveredDevice::instance));
        return l;
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
