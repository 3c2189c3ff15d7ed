package org.thermalcommons.edge.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.market.protocol.Envelope;

/**
 * The link over TLS ({@code ssl://}) to Debian's mosquitto with a certificate made for the test (keytool): the
 * gateway's trust store settings are honoured, hostname verification included, and a broker it does not trust is
 * never talked to.
 */
class MosquittoTlsLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "test-only";
    @TempDir
    Path dir;
    /** The TLS listener's port. */
    private int tlsPort;

    @Test
    void overTlsToATrustedBrokerTheOutboxIsDeliveredAndDrained() throws Exception {
        Path trust = trustStoreFor(certificate("broker"));
        try (Mosquitto broker = tlsBroker("broker");
             MarketDb db = new MarketDb(dir.resolve("m.db"));
             MarketSide market = new MarketSide(broker.url(), "market", "cool/v1/sites/+/+", Fixtures.CODEC, null,
                     null).connect()) {
            Outbox outbox = new Outbox(db, Fixtures.CODEC, 100_000, 1 << 26);
            MqttLink link = Fixtures.link(tlsUrl(), "site-1", outbox, Fixtures.quiet(),
                    MqttLink.trustStore(trust.toString(), PASSWORD));
            List<Envelope<?>> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sent.add(Fixtures.telemetry("site-1", i));
            }
            Fixtures.enqueue(db, outbox, sent);
            try {
                link.start();
                Mosquitto.awaitUntil(WAIT, () -> market.byId.size() == 50, () -> "50 delivered over TLS, got "
                        + market.byId.size() + ", link up " + link.isUp());
                Mosquitto.awaitUntil(WAIT, () -> outbox.depth() == 0, "outbox drained");
            } finally {
                link.close();
            }
            assertThat(market.byId.keySet()).isEqualTo(sent.stream().map(Envelope::id).collect(Collectors.toSet()));
        }
    }

    @Test
    void aBrokerWhoseCertificateIsNotInTheTrustStoreIsNeverTalkedTo() throws Exception {
        certificate("broker");
        Path otherTrust = trustStoreFor(certificate("someone-else"));
        try (Mosquitto broker = tlsBroker("broker");
             MarketDb db = new MarketDb(dir.resolve("m.db"));
             MarketSide market = new MarketSide(broker.url(), "market", "cool/v1/sites/+/+", Fixtures.CODEC, null,
                     null).connect()) {
            Outbox outbox = new Outbox(db, Fixtures.CODEC, 100_000, 1 << 26);
            Fixtures.enqueue(db, outbox, List.of(Fixtures.telemetry("site-1", 0)));
            MqttLink link = Fixtures.link(tlsUrl(), "site-1", outbox, Fixtures.quiet(),
                    MqttLink.trustStore(otherTrust.toString(), PASSWORD));
            try {
                link.start();
                Mosquitto.awaitUntil(WAIT, () -> link.reconnects() >= 3, "three refused handshakes");
                assertThat(link.isUp()).isFalse();
                assertThat(outbox.depth()).isEqualTo(1);
            } finally {
                link.close();
            }
            assertThat(market.byId).isEmpty();
        }
    }

    /** mosquitto with a plain listener (for the test's market side) and a TLS one with {@code name}'s key. */
    private Mosquitto tlsBroker(String name) throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            tlsPort = s.getLocalPort();
        }
        return new Mosquitto(dir.resolve("broker"), "allow_anonymous true\nlistener " + tlsPort + " 127.0.0.1\n"
                + "certfile " + dir.resolve(name + ".crt") + "\nkeyfile " + dir.resolve(name + ".key") + "\n")
                .start();
    }

    private String tlsUrl() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    /**
     * A self-signed EC key pair for 127.0.0.1 (keytool), written as PEM for mosquitto ({@code name.crt},
     * {@code name.key}); returns the certificate.
     */
    private Certificate certificate(String name) throws Exception {
        Path p12 = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype",
                "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = ks.getCertificate(name);
        Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(dir.resolve(name + ".key"),
                pem("PRIVATE KEY", ks.getKey(name, PASSWORD.toCharArray()).getEncoded()));
        return cert;
    }

    private Path trustStoreFor(Certificate cert) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("broker", cert);
        Path file = dir.resolve("trust-" + System.nanoTime() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ts.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
