package org.thermalcommons.edge.market.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Locale;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories whose sockets have {@code TCP_NODELAY} set, for an MQTT client (Paho's
 * {@code MqttConnectionOptions.setSocketFactory}). Paho leaves Nagle's algorithm on, and MQTT's traffic is the case
 * it handles worst: a small packet (a PUBLISH, a PUBACK) written while an earlier one is still unacknowledged waits
 * for that acknowledgement, which the peer delays by up to 40 ms (Linux) when it has nothing to send back. Each hop
 * of a bid's round trip (site → broker → market → broker → site) could wait so; with these factories no packet waits.
 * Paho writes and flushes one whole packet at a time, so no packet goes out in pieces either.
 */
public final class NoDelaySockets {
    private NoDelaySockets() {
    }

    /** Whether a broker URL needs TLS ({@code ssl://}, {@code wss://}): then {@link #tls} applies, else {@link #plain}. */
    public static boolean isTls(String brokerUrl) {
        String u = brokerUrl.toLowerCase(Locale.ROOT);
        return u.startsWith("ssl://") || u.startsWith("wss://");
    }

    /** For {@code tcp://} and {@code ws://} URLs. */
    public static SocketFactory plain() {
        return new Plain();
    }

    /**
     * For {@code ssl://} and {@code wss://} URLs: the sockets of {@code tls} (its trust, keys and protocols), with
     * {@code TCP_NODELAY} set.
     */
    public static SSLSocketFactory tls(SSLSocketFactory tls) {
        return new Tls(tls);
    }

    private static <S extends Socket> S noDelay(S s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }

    private static final class Plain extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(new Socket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(new Socket(host, port, local, localPort));
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory d;

        Tls(SSLSocketFactory d) {
            this.d = d;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return d.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return d.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(d.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return noDelay(d.createSocket(noDelay(s), host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return noDelay(d.createSocket(noDelay(s), consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(d.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(d.createSocket(host, port, local, localPort));
        }
    }
}
