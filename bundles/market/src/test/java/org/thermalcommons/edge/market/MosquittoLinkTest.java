package org.thermalcommons.edge.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.MessageType;
import org.thermalcommons.edge.market.protocol.Telemetry;

/** The link against Debian's mosquitto on loopback (an implementation not written here). */
class MosquittoLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path dir;

    @Test
    void brokerStopLosesNothingAndTheBacklogFollowsFlaggedHistorical() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), "").start();
             MarketDb db = new MarketDb(dir.resolve("m.db"));
             MarketSide market = new MarketSide(broker.url(), "market", "cool/v1/sites/+/+", Fixtures.CODEC, null,
                     null).connect()) {
            Outbox outbox = new Outbox(db, Fixtures.CODEC, 100_000, 1 << 26);
            boolean[] down = {false};
            List<Boolean> changes = new ArrayList<>();
            MqttLink link = Fixtures.link(broker.url(), "site-1", outbox, new MqttLink.Listener() {
                @Override
                public void onMessage(String topic, byte[] payload) {
                }

                @Override
                public void onLink(boolean up) {
                    changes.add(up);
                    if (!up) {
                        try {
                            outbox.markBacklog();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
            link.start();
            List<Envelope<?>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add(i % 2 == 0 ? Fixtures.telemetry("site-1", i) : Fixtures.ack("site-1", i));
            }
            Fixtures.enqueue(db, outbox, sent);
            link.wake();
            Mosquitto.awaitUntil(WAIT, () -> market.byId.size() == 200, "first 200 delivered");

            broker.stop();
            Mosquitto.awaitUntil(WAIT, () -> !link.isUp(), "link noticed the outage");
            List<Envelope<?>> during = new ArrayList<>();
            for (int i = 200; i < 400; i++) {
                during.add(i % 2 == 0 ? Fixtures.telemetry("site-1", i) : Fixtures.ack("site-1", i));
            }
            Fixtures.enqueue(db, outbox, during);
            outbox.markBacklog();
            broker.start();
            Mosquitto.awaitUntil(WAIT, () -> market.byId.size() == 400, () -> "all 400 delivered after the outage, got "
                    + market.byId.size() + " (" + market.onWire.get() + " on the wire), outbox " + outbox.depth()
                    + ", link up " + link.isUp());
            Mosquitto.awaitUntil(WAIT, () -> outbox.depth() == 0, "outbox drained");
            link.close();

            sent.addAll(during);
            assertThat(market.byId.keySet()).isEqualTo(sent.stream().map(Envelope::id).collect(Collectors.toSet()));
            // redeliveries on the wire are what was in flight when the broker stopped (gateway to broker and broker to
            // market, mosquitto's windows are 20 each) plus acknowledged messages whose removal from the outbox had not
            // committed yet (removals are batched; on a loaded machine that lags): never more than the first
            // connection sent, never the backlog twice. The market drops them by id.
            assertThat(market.onWire.get() - 400).isLessThan(200);
            assertThat(changes).containsSubsequence(true, false, true);
            for (Envelope<?> e : during) {
                if (e.type() == MessageType.TELEMETRY) {
                    assertThat(((Telemetry) market.byId.get(e.id()).body()).historical()).isTrue();
                }
            }
        }
    }

    @Test
    void killedGatewayDeliversItsWholeOutboxAfterRestart() throws Exception {
        Path file = dir.resolve("m.db");
        List<String> ids = new ArrayList<>();
        try (MarketDb db = new MarketDb(file)) {
            Outbox outbox = new Outbox(db, Fixtures.CODEC, 100_000, 1 << 26);
            List<Envelope<?>> msgs = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                msgs.add(Fixtures.ack("site-1", i));
            }
            Fixtures.enqueue(db, outbox, msgs);
            msgs.forEach(m -> ids.add(m.id()));
        }
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), "").start();
             MarketSide market = new MarketSide(broker.url(), "market", "cool/v1/sites/+/+", Fixtures.CODEC, null,
                     null).connect()) {
            Process first = pump(file, broker.url());
            Mosquitto.awaitUntil(WAIT, () -> market.byId.size() >= 300, "some delivered before the kill");
            first.destroyForcibly().waitFor();
            int beforeKill = market.byId.size();
            assertThat(beforeKill).isLessThan(3000);
            Process second = pump(file, broker.url());
            try {
                Mosquitto.awaitUntil(WAIT, () -> market.byId.size() == 3000, () -> "all delivered after the restart, got "
                        + market.byId.size() + " (" + market.onWire.get() + " on the wire)");
            } finally {
                second.destroyForcibly().waitFor();
            }
            assertThat(market.byId.keySet()).isEqualTo(Set.copyOf(ids));
        }
        try (MarketDb db = new MarketDb(file)) {
            Mosquitto.awaitUntil(WAIT, () -> {
                try {
                    return new Outbox(db, Fixtures.CODEC, 100_000, 1 << 26).depth() < 3000;
                } catch (java.sql.SQLException e) {
                    return false;
                }
            }, "outbox emptied");
        }
    }

    private Process pump(Path db, String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OutboxPump.class.getName(),
                db.toString(), url, "site-1").redirectErrorStream(true)
                .redirectOutput(Path.of("target", "pump-" + System.nanoTime() + ".log").toFile()).start();
    }

    @Test
    void malformedOversizedAndWrongSitePayloadsOnEverySubscribedTopicAreRejectedAndCounted() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker"), "").start();
             MarketDb db = new MarketDb(dir.resolve("m.db"))) {
            Outbox outbox = new Outbox(db, Fixtures.CODEC, 1000, 1 << 20);
            List<Envelope<?>> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
            Inbox inbox = new Inbox(db, Fixtures.CODEC, "site-1", (d, m) -> handled.add(m), () -> Fixtures.T0);
            MqttLink link = Fixtures.link(broker.url(), "site-1", outbox, new MqttLink.Listener() {
                @Override
                public void onMessage(String topic, byte[] payload) throws Exception {
                    inbox.receive(topic, payload);
                }

                @Override
                public void onLink(boolean up) {
                }
            });
            link.start();
            Mosquitto.awaitUntil(WAIT, link::isUp, "link up");
            Path big = dir.resolve("big.json");
            Files.write(big, new byte[300 * 1024]);
            Path wrongSite = dir.resolve("wrong.json");
            Files.write(wrongSite, Fixtures.CODEC.encode(Envelope.of("site-2", Fixtures.T0,
                    new org.thermalcommons.edge.market.protocol.BidResult("b-1",
                            org.thermalcommons.edge.market.protocol.BidResult.Outcome.ACCEPTED, null))));
            List<String> topics = List.of("cool/v1/sites/site-1/results", "cool/v1/market/signals",
                    "cool/v1/market/clearing");
            for (String t : topics) {
                assertThat(broker.pub(List.of("-t", t, "-m", "{not json"))).isZero();
                assertThat(broker.pub(List.of("-t", t, "-f", big.toString()))).isZero();
                assertThat(broker.pub(List.of("-t", t, "-m", "{\"v\":1,\"type\":\"trade\"}"))).isZero();
            }
            assertThat(broker.pub(List.of("-t", "cool/v1/sites/site-1/results", "-f", wrongSite.toString())))
                    .isZero();
            Mosquitto.awaitUntil(WAIT, () -> inbox.rejectedTotal() == 10, "all 10 rejected");
            assertThat(inbox.rejected()).extractingByKey("json").extracting(a -> a.get()).isEqualTo(3L);
            assertThat(inbox.rejected()).extractingByKey("maxBytes").extracting(a -> a.get()).isEqualTo(3L);
            assertThat(inbox.rejected()).extractingByKey("required").extracting(a -> a.get()).isEqualTo(3L);
            assertThat(inbox.rejected()).extractingByKey("site").extracting(a -> a.get()).isEqualTo(1L);
            assertThat(handled).isEmpty();
            // still running: a valid message afterwards is handled, and its redelivery dropped as a duplicate
            byte[] ok = Fixtures.CODEC.encode(Envelope.of("site-1", Fixtures.T0,
                    org.thermalcommons.edge.market.protocol.BidResult.accepted("b-1")));
            Path okFile = dir.resolve("ok.json");
            Files.write(okFile, ok);
            broker.pub(List.of("-t", "cool/v1/sites/site-1/results", "-f", okFile.toString()));
            broker.pub(List.of("-t", "cool/v1/sites/site-1/results", "-f", okFile.toString()));
            Mosquitto.awaitUntil(WAIT, () -> inbox.duplicates() == 1, "valid message and its duplicate received");
            assertThat(handled).hasSize(1);
            assertThat(inbox.duplicates()).isEqualTo(1);
            link.close();
        }
    }

    @Test
    void brokerAclLetsASitePublishOnlyUnderItsOwnTopics() throws Exception {
        Path b = Files.createDirectories(dir.resolve("broker"));
        Path pw = b.resolve("passwd");
        for (String[] u : new String[][] {{"site-1", "s1-secret"}, {"market", "m-secret"}}) {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", pw.toString(), u[0], u[1])
                    .redirectErrorStream(true).start();
            if (!Files.exists(pw)) {
                p.waitFor();
                p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", pw.toString(), u[0], u[1])
                        .redirectErrorStream(true).start();
            }
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
        }
        Path acl = b.resolve("acl");
        Files.writeString(acl, """
                user market
                topic readwrite cool/v1/#
                pattern write cool/v1/sites/%u/status
                pattern write cool/v1/sites/%u/telemetry
                pattern write cool/v1/sites/%u/bids
                pattern write cool/v1/sites/%u/delivery
                pattern write cool/v1/sites/%u/acks
                pattern read cool/v1/sites/%u/results
                pattern read cool/v1/market/#
                """, StandardCharsets.UTF_8);
        String conf = "allow_anonymous false\npassword_file " + pw + "\nacl_file " + acl + "\n";
        try (Mosquitto broker = new Mosquitto(b, conf).start();
             MarketSide market = new MarketSide(broker.url(), "market", "cool/v1/sites/+/+", Fixtures.CODEC,
                     "market", "m-secret").connect()) {
            Path own = dir.resolve("own.json");
            Path other = dir.resolve("other.json");
            Files.write(own, Fixtures.CODEC.encode(Fixtures.ack("site-1", 1)));
            Files.write(other, Fixtures.CODEC.encode(Fixtures.ack("site-2", 2)));
            List<String> auth = List.of("-u", "site-1", "-P", "s1-secret");
            List<String> a = new ArrayList<>(auth);
            a.addAll(List.of("-t", "cool/v1/sites/site-2/acks", "-f", other.toString()));
            broker.pub(a);
            List<String> c = new ArrayList<>(auth);
            c.addAll(List.of("-t", "cool/v1/sites/site-1/acks", "-f", own.toString()));
            assertThat(broker.pub(c)).isZero();
            Mosquitto.awaitUntil(WAIT, () -> market.onWire.get() >= 1, "own message delivered");
            // the forbidden publish was sent first: had the broker passed it on, it would have arrived before
            assertThat(market.topics).containsExactly("cool/v1/sites/site-1/acks");
            assertThat(market.byId.values()).extracting(Envelope::site).containsExactly("site-1");
        }
    }
}
