package org.thermalcommons.edge.centralmarket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.BidResult;
import org.thermalcommons.edge.market.protocol.Body;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Step;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.protocol.Trade;

/**
 * The real central market application in a process of its own (embedded HiveMQ CE, SQLite), killed with SIGKILL
 * while it publishes an interval's trades, then started again on the same data, while more bids arrive: it resumes
 * from SQLite. Every bid is answered exactly once and every bid of the cleared interval traded exactly once (a
 * re-sent message carries its original envelope id, which a site drops), and the database holds each bid once. The
 * market's clock runs at 30x from a Monday 17:00 local (high stress: the aggregator buys) so an interval clears
 * within seconds.
 */
class MarketKillTest {
    private static final int BIDS = 60;
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final double SPEED = 30;
    private static final String SITE = "site-1";
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Map<String, Set<String>> results = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> trades = new ConcurrentHashMap<>();
    @TempDir
    Path dir;

    @Test
    void aKilledMarketResumesFromSqliteLosingNoBidOrTradeAndAnsweringNoneTwice() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Instant wallStart = Instant.now();
        Path cfg = dir.resolve("market.properties");
        Files.writeString(cfg, "zone = kill-zone\nintervalMinutes = 15\ngateClosureSeconds = 300\nbroker.url =\n"
                + "broker.port = " + port + "\nhttp.port = 0\ndataDir = " + dir.resolve("data") + "\n"
                + "clock.start = 2026-03-02T09:00:00Z\nclock.speed = " + SPEED + "\nclock.wallStart = " + wallStart + "\n"
                + "localUtcOffsetHours = 8\naggregator.demandKw = 500\nsites = " + SITE + "\n");
        Process market = start(cfg, "first");
        String bids = Topics.SiteTopic.BIDS.topic(SITE);
        MqttAsyncClient site = site("tcp://127.0.0.1:" + port);
        // bids for the first interval whose gate (5 min before it) is at least 4 market minutes (12 s) away
        Instant marketNow = MarketClock.joining(START, SPEED, wallStart, Instant.now());
        Interval target = Interval.containing(marketNow, Duration.ofMinutes(15)).next();
        if (target.start().minusSeconds(300).isBefore(marketNow.plusSeconds(240))) {
            target = target.next();
        }
        List<String> ids = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int k = 0; k < BIDS; k++) {
            Envelope<Bid> e = Envelope.of(SITE, Instant.now(), new Bid(target, Side.SELL, List.of(new Step(1, 0.05)),
                    "bess", target.start().minusSeconds(300)));
            ids.add(e.id());
            payloads.add(codec.encode(e));
            site.publish(bids, new MqttMessage(payloads.get(k), 1, false, new MqttProperties()));
        }
        await(() -> results.keySet().containsAll(ids), "an answer to every bid");
        // SIGKILL as soon as the first trade of the clearing arrives: the others are in the market's outbox
        await(() -> !trades.isEmpty(), "the first trade");
        market.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        market = start(cfg, "second");
        MqttAsyncClient s = site;
        await(s::isConnected, "the site reconnected");
        // more bids while it resumes, for a later interval: each answered once
        Interval later = target.next().next().next();
        for (int k = 0; k < BIDS / 2; k++) {
            Envelope<Bid> e = Envelope.of(SITE, Instant.now(), new Bid(later, Side.SELL, List.of(new Step(1, 0.05)),
                    "bess", later.start().minusSeconds(300)));
            ids.add(e.id());
            site.publish(bids, new MqttMessage(codec.encode(e), 1, false, new MqttProperties()));
        }
        List<String> traded = ids.subList(0, BIDS);
        try {
            await(() -> results.keySet().containsAll(ids), "an answer to every bid");
            await(() -> trades.keySet().containsAll(traded), "a trade for every bid of the cleared interval");
            assertThat(results.values()).allSatisfy(answerIds -> assertThat(answerIds).hasSize(1));
            assertThat(trades.values()).allSatisfy(tradeIds -> assertThat(tradeIds).hasSize(1));
        } finally {
            site.disconnect().waitForCompletion(5000);
            site.close();
            market.destroy();
            market.waitFor(30, TimeUnit.SECONDS);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/market.db"));
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*), COUNT(DISTINCT id) FROM bids")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(BIDS + BIDS / 2);
            assertThat(r.getInt(2)).isEqualTo(BIDS + BIDS / 2);
        }
    }

    private Process start(Path cfg, String name) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CentralMarket.class.getName(), "--config",
                cfg.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await(() -> {
            try {
                return Files.readString(log).contains("Market status page");
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the " + name + " market started");
        return p;
    }

    private MqttAsyncClient site(String url) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "cool-edge-" + SITE, new MemoryPersistence());
        MqttSubscription[] sub = {new MqttSubscription(Topics.SiteTopic.RESULTS.topic(SITE), 1)};
        c.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) throws Exception {
                Envelope<?> e = codec.decode(topic, m.getPayload());
                Body b = e.body();
                if (b instanceof BidResult r) {
                    results.computeIfAbsent(r.bidId(), k -> ConcurrentHashMap.newKeySet()).add(e.id());
                } else if (b instanceof Trade t) {
                    trades.computeIfAbsent(t.bidId(), k -> ConcurrentHashMap.newKeySet()).add(e.id());
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    try {
                        c.subscribe(sub, null, null, new MqttProperties()); // as a gateway does on every connect
                    } catch (MqttException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        c.connect(o).waitForCompletion(30_000);
        c.subscribe(sub, null, null, new MqttProperties()).waitForCompletion(30_000);
        return c;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20); // polling with a deadline
        }
    }
}
