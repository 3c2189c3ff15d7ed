package org.thermalcommons.edge.driver.bacnet.link;

import com.serotonin.bacnet4j.enums.MaxApduLength;
import com.serotonin.bacnet4j.exception.BACnetException;
import com.serotonin.bacnet4j.npdu.NPDU;
import com.serotonin.bacnet4j.npdu.Network;
import com.serotonin.bacnet4j.npdu.NetworkIdentifier;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkIdentifier;
import com.serotonin.bacnet4j.npdu.ip.IpNetworkUtils;
import com.serotonin.bacnet4j.transport.Transport;
import com.serotonin.bacnet4j.type.constructed.Address;
import com.serotonin.bacnet4j.type.primitive.OctetString;
import com.serotonin.bacnet4j.util.sero.ByteQueue;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The BACnet/IP link layer (Annex J) of the gateway and of the simulated devices, in place of bacnet4j's IpNetwork,
 * for four reasons: the unicast socket, where replies arrive, is bound <em>exclusively</em> (no SO_REUSEADDR, so no
 * other process can bind the same port and take the replies, and a second gateway fails at start with the port
 * named); a socket bound to one address sees no broadcasts on Linux, so further sockets bound to the broadcast address
 * (shared: each one gets every broadcast) receive broadcast I-Am and Who-Is; every datagram to a broadcast IP
 * goes out as an Original-Broadcast-NPDU (bacnet4j sends a unicast frame to a broadcast address, which conforming
 * stacks drop); and every received datagram passes the {@link DatagramScreen} before bacnet4j sees it, so hostile
 * traffic is counted by rule and logged rate-limited instead of one stack trace per packet.
 */
public final class BacnetIpLink extends Network {
    public static final int BVLC_TYPE = 0x81;
    public static final int ORIGINAL_UNICAST = 0x0a;
    public static final int ORIGINAL_BROADCAST = 0x0b;
    /** Largest BACnet/IP datagram: 1476-byte APDU + NPDU header (up to 21) + BVLC (4); larger ones are refused. */
    public static final int MAX_DATAGRAM = 1501;

    /** Binding the port failed: one line naming the address and port, no stack trace needed. */
    public static final class PortInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String bindAddress;
    private final String broadcastAddress;
    private final int port;
    private final List<Integer> listenPorts;
    private final DatagramScreen screen;
    private final List<DatagramSocket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private DatagramSocket unicast;
    private InetAddress broadcastInet;
    private OctetString broadcastMac;

    /**
     * @param listenPorts further ports whose broadcasts to listen to (loopback devices each broadcast to their own
     *                    port); best effort: a port another process listens on is skipped
     */
    /** A link with its own per-minute rate-limited screen (simulated devices, tests). */
    public static BacnetIpLink of(String bindAddress, String broadcastAddress, int port) {
        return new BacnetIpLink(bindAddress, broadcastAddress, port, List.of(), DatagramScreen.forDevice());
    }

    public BacnetIpLink(String bindAddress, String broadcastAddress, int port, List<Integer> listenPorts, DatagramScreen screen) {
        super(0);
        this.bindAddress = bindAddress;
        this.broadcastAddress = broadcastAddress;
        this.port = port;
        this.listenPorts = List.copyOf(listenPorts);
        this.screen = screen;
    }

    @Override
    public void initialize(Transport transport) throws Exception {
        super.initialize(transport);
        broadcastInet = InetAddress.getByName(broadcastAddress);
        broadcastMac = IpNetworkUtils.toOctetString(broadcastAddress, port);
        screen.self(IpNetworkUtils.toOctetString(bindAddress, port));
        unicast = bindExclusive(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
        unicast.setBroadcast(true);
        sockets.add(unicast);
        boolean wildcard = InetAddress.getByName(bindAddress).isAnyLocalAddress();
        if (!wildcard) {
            List<Integer> ports = new ArrayList<>(List.of(port));
            listenPorts.stream().filter(p -> !ports.contains(p)).forEach(ports::add);
            for (int p : ports) {
                try {
                    sockets.add(bindBroadcast(new InetSocketAddress(broadcastInet, p)));
                } catch (SocketException e) {
                    screen.note("BACnet/IP: broadcasts to {}:{} are not received here: {}", broadcastAddress, p, e.getMessage());
                }
            }
        }
        for (DatagramSocket s : sockets) {
            Thread t = new Thread(() -> listen(s), "cool-edge-bacnet-rx-" + s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort());
            t.setDaemon(true);
            t.start();
        }
    }

    /** Binds without SO_REUSEADDR: the port is ours alone (where the OS allows it). */
    public static DatagramSocket bindExclusive(InetSocketAddress at) throws PortInUseException, SocketException {
        DatagramSocket s = new DatagramSocket(null);
        try {
            s.setReuseAddress(false);
            s.bind(at);
            return s;
        } catch (BindException e) {
            s.close();
            throw new PortInUseException("UDP port " + at.getAddress().getHostAddress() + ":" + at.getPort()
                    + " is already in use (another gateway or BACnet tool?): " + e.getMessage(), e);
        }
    }

    /**
     * A broadcast-receiving socket is shared (SO_REUSEADDR): every socket bound to the broadcast address gets each
     * broadcast, so sharing takes nothing from us, and devices on one host can all hear Who-Is. Replies come unicast,
     * to the exclusive socket.
     */
    static DatagramSocket bindBroadcast(InetSocketAddress at) throws SocketException {
        DatagramSocket s = new DatagramSocket(null);
        try {
            s.setReuseAddress(true);
            s.bind(at);
            return s;
        } catch (SocketException e) {
            s.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    private void listen(DatagramSocket socket) {
        byte[] buffer = new byte[MAX_DATAGRAM + 1];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                p.setData(buffer);
                socket.receive(p);
            } catch (IOException e) {
                continue; // closed by terminate()
            }
            bytesIn.addAndGet(p.getLength());
            try {
                OctetString link = IpNetworkUtils.toOctetString(p.getAddress().getAddress(), p.getPort());
                NPDU npdu = screen.screen(this, buffer, p.getLength(), link);
                if (npdu != null) {
                    getTransport().incoming(npdu);
                }
            } catch (RuntimeException e) {
                screen.reject(DatagramScreen.Rule.INTERNAL, p.getAddress().getHostAddress() + ":" + p.getPort(), e.toString());
            }
        }
    }

    @Override
    public void sendNPDU(Address recipient, OctetString router, ByteQueue npdu, boolean broadcast, boolean expectsReply)
            throws BACnetException {
        OctetString dest = getDestination(recipient, router);
        InetSocketAddress to = IpNetworkUtils.getInetSocketAddress(dest);
        boolean toBroadcast = broadcast || to.getAddress().equals(broadcastInet);
        ByteQueue q = new ByteQueue();
        q.push(BVLC_TYPE);
        q.push(toBroadcast ? ORIGINAL_BROADCAST : ORIGINAL_UNICAST);
        q.pushU2B(npdu.size() + 4);
        q.push(npdu);
        byte[] data = q.popAll();
        try {
            unicast.send(new DatagramPacket(data, data.length, to));
            bytesOut.addAndGet(data.length);
        } catch (IOException e) {
            throw new BACnetException(e);
        }
    }

    @Override
    protected NPDU handleIncomingDataImpl(ByteQueue queue, OctetString linkService) throws Exception {
        byte[] data = queue.popAll();
        return screen.screen(this, data, data.length, linkService);
    }

    @Override
    public long getBytesOut() {
        return bytesOut.get();
    }

    @Override
    public long getBytesIn() {
        return bytesIn.get();
    }

    @Override
    public NetworkIdentifier getNetworkIdentifier() {
        return new IpNetworkIdentifier(port, bindAddress);
    }

    @Override
    public MaxApduLength getMaxApduLength() {
        return MaxApduLength.UP_TO_1476;
    }

    @Override
    protected OctetString getBroadcastMAC() {
        return broadcastMac;
    }

    @Override
    public Address[] getAllLocalAddresses() {
        List<Address> l = new ArrayList<>();
        l.add(IpNetworkUtils.toAddress(bindAddress, port));
        return l.toArray(new Address[0]);
    }

    @Override
    public Address getLoopbackAddress() {
        return IpNetworkUtils.toAddress("127.0.0.1", port);
    }

    @Override
    public void terminate() {
        close();
    }

    private void close() {
        for (DatagramSocket s : sockets) {
            s.close();
        }
        if (unicast != null) {
            unicast.close();
        }
    }
}
