package org.thermalcommons.edge.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sockets the gateway's link hands Paho send each MQTT packet at once ({@code TCP_NODELAY}): with Nagle's
 * algorithm on, a small packet waited for the peer's delayed ACK and the bid round trip's p99 was 100 ms
 * (docs/market.md). Paho opens them as it does here: {@code createSocket()}, then {@code connect}.
 */
class MqttLinkSocketsTest {
    @Test
    void overTcpTheLinksSocketsSendEachPacketAtOnce() throws Exception {
        SocketFactory f = options("tcp://127.0.0.1:1883").getSocketFactory();
        assertThat(f).isNotNull().isNotInstanceOf(SSLSocketFactory.class);
        assertConnectsWithoutNagle(f);
    }

    @Test
    void overTlsTheLinksSocketsAreTlsSocketsThatSendEachPacketAtOnce() throws Exception {
        SocketFactory f = options("ssl://127.0.0.1:8883").getSocketFactory();
        assertThat(f).isInstanceOf(SSLSocketFactory.class); // Paho refuses a plain factory for ssl://
        assertConnectsWithoutNagle(f);
    }

    @TempDir
    Path dir;

    private org.eclipse.paho.mqttv5.client.MqttConnectionOptions options(String url) throws Exception {
        try (MarketDb db = new MarketDb(dir.resolve("m.db"));
             MqttLink link = Fixtures.link(url, "site-1", new Outbox(db, Fixtures.CODEC, 1000, 1 << 20),
                     Fixtures.quiet(), new Properties())) {
            return link.options();
        }
    }

    private static void assertConnectsWithoutNagle(SocketFactory f) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket s = f.createSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2000);
            if (f instanceof SSLSocketFactory) {
                assertThat(s).isInstanceOf(SSLSocket.class);
            }
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }
}
