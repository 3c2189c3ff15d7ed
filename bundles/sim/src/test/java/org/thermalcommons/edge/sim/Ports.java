package org.thermalcommons.edge.sim;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports for tests, picked at run time. */
final class Ports {
    private Ports() {
    }

    static boolean tcpFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean udpFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first of {@code n} consecutive free ports (TCP or UDP), found from ports the OS hands out. */
    static int freeBlock(int n, boolean tcp) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            if (tcp) {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    base = s.getLocalPort();
                }
            } else {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    base = s.getLocalPort();
                }
            }
            boolean ok = base + n < 65_000;
            for (int k = 0; k < n && ok; k++) {
                ok = tcp ? tcpFree(base + k) : udpFree(base + k);
            }
            if (ok) {
                return base;
            }
        }
        throw new IOException("no block of " + n + " free ports");
    }
}
