package org.thermalcommons.edge.driver.bacnet;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A UDP relay in front of a loopback BACnet device that answers every ReadPropertyMultiple itself with a Reject
 * (unrecognized-service), as a device without RPM does, and passes everything else through (bacnet4j serves RPM
 * whatever its services-supported says).
 */
final class RpmRefusingProxy implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress device;
    private volatile SocketAddress client;
    volatile int refused;

    RpmRefusingProxy(int devicePort) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        device = new InetSocketAddress(InetAddress.getLoopbackAddress(), devicePort);
        Thread t = new Thread(this::relay, "rpm-refusing-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void relay() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] d = java.util.Arrays.copyOf(p.getData(), p.getLength());
                if (p.getSocketAddress().equals(device)) {
                    if (client != null) {
                        socket.send(new DatagramPacket(d, d.length, client));
                    }
                    continue;
                }
                client = p.getSocketAddress();
                // BVLC unicast, NPDU without addresses, confirmed request (type 0), unsegmented, service 14 = RPM.
                if (d.length > 9 && d[1] == 0x0a && (d[5] & 0x28) == 0 && (d[6] & 0xf0) == 0 && (d[6] & 0x08) == 0 && d[9] == 14) {
                    byte[] reject = {(byte) 0x81, 0x0a, 0, 9, 1, 0, 0x60, d[8], 9};
                    refused++;
                    socket.send(new DatagramPacket(reject, reject.length, client));
                } else {
                    socket.send(new DatagramPacket(d, d.length, device));
                }
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // drop this datagram
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
