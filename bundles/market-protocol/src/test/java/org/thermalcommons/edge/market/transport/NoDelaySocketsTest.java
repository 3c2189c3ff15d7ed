package org.thermalcommons.edge.market.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {
    private ServerSocket server;
    private InetSocketAddress address;

    @BeforeEach
    void listen() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void aPlainSocketAsPahoOpensItSendsEachPacketAtOnce() throws Exception {
        try (Socket javaDefault = new Socket(); Socket s = NoDelaySockets.plain().createSocket()) {
            javaDefault.connect(address, 2000);
            s.connect(address, 2000); // Paho: createSocket(), then connect()
            assertThat(javaDefault.getTcpNoDelay()).as("Nagle is on by default").isFalse();
            assertThat(s.getTcpNoDelay()).isTrue();
        }
        try (Socket s = NoDelaySockets.plain().createSocket(address.getAddress(), address.getPort())) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void aTlsSocketKeepsItsFactorysSettingsAndSendsEachPacketAtOnce() throws Exception {
        SSLSocketFactory tls = SSLContext.getDefault().getSocketFactory();
        SSLSocketFactory f = NoDelaySockets.tls(tls);
        assertThat(f.getDefaultCipherSuites()).containsExactly(tls.getDefaultCipherSuites());
        try (Socket s = f.createSocket()) {
            s.connect(address, 2000);
            assertThat(s).isInstanceOf(SSLSocket.class);
            assertThat(s.getTcpNoDelay()).isTrue();
        }
        try (Socket tcp = new Socket()) {
            tcp.connect(address, 2000);
            try (Socket layered = f.createSocket(tcp, "localhost", address.getPort(), true)) {
                assertThat(layered).isInstanceOf(SSLSocket.class);
                assertThat(tcp.getTcpNoDelay()).isTrue();
                assertThat(layered.getTcpNoDelay()).isTrue();
            }
        }
    }

    @Test
    void theUrlSchemeSaysWhichFactory() {
        assertThat(NoDelaySockets.isTls("ssl://broker.example:8883")).isTrue();
        assertThat(NoDelaySockets.isTls("WSS://broker.example/mqtt")).isTrue();
        assertThat(NoDelaySockets.isTls("tcp://127.0.0.1:1883")).isFalse();
        assertThat(NoDelaySockets.isTls("ws://127.0.0.1:8000/mqtt")).isFalse();
    }
}
