package org.thermalcommons.edge.bench.outbox;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.market.MarketDb;
import org.thermalcommons.edge.market.MqttLink;
import org.thermalcommons.edge.market.Outbox;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.Status;
import org.thermalcommons.edge.market.protocol.Telemetry;
import org.thermalcommons.edge.market.protocol.Topics;

/**
 * Replay after an outage: 86,400 telemetry messages (a day at one a second) queued in the market bundle's SQLite
 * outbox (production settings: WAL, synchronous=FULL, removal on PUBACK), then the market link started against
 * Debian's mosquitto on loopback; time until the subscriber has every message and the outbox is empty. Baseline: raw
 * Paho publishing the same payloads at QoS 1 with the same in-flight window (the broker's Receive Maximum) to the same
 * broker in the same run. {@code lost}: ids never received; {@code duplicated}: ids received more than once on the wire.
 */
public final class OutboxSuite implements Suite {
    static final int N = Integer.getInteger("outbox.messages", 86_400);

    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public void run(Figures figures) throws Exception {
        Path dir = Files.createTempDirectory("outbox-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("m.conf"), ("root".equals(System.getProperty("user.name")) ? "user root\n" : "")
                + "listener " + port + " 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n");
        Process broker = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("m.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        String url = "tcp://127.0.0.1:" + port;
        try {
            awaitPort(port);
            ProtocolCodec codec = new ProtocolCodec();
            List<Envelope<Telemetry>> msgs = new ArrayList<>(N);
            Instant t0 = Instant.parse("2026-03-02T00:00:00Z");
            for (int i = 0; i < N; i++) {
                Instant a = t0.plusSeconds(i);
                msgs.add(Envelope.of("bench", a.plusSeconds(1), new Telemetry(new Interval(a, a.plusSeconds(1)),
                        40, 5, 50, List.of(), new Telemetry.Flexibility(10, 10), null)));
            }
            String topic = Topics.SiteTopic.TELEMETRY.topic("bench");
            Counter sub = new Counter(url, codec);

            // baseline: raw Paho
            MqttAsyncClient raw = new MqttAsyncClient(url, "raw-paho", new MemoryPersistence());
            IMqttToken ct = raw.connect(new MqttConnectionOptions());
            ct.waitForCompletion(10_000);
            Integer rm = ct.getResponseProperties() == null ? null : ct.getResponseProperties().getReceiveMaximum();
            Semaphore window = new Semaphore(rm == null ? 65_535 : rm);
            List<byte[]> payloads = new ArrayList<>(N);
            for (Envelope<Telemetry> m : msgs) {
                payloads.add(codec.encode(m));
            }
            long start = System.nanoTime();
            for (byte[] p : payloads) {
                window.acquire();
                raw.publish(topic, new MqttMessage(p, 1, false, new MqttProperties()), null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken t) {
                        window.release();
                    }

                    @Override
                    public void onFailure(IMqttToken t, Throwable e) {
                        window.release();
                    }
                });
            }
            sub.await(N);
            double rawRate = N / ((System.nanoTime() - start) / 1e9);
            raw.disconnect().waitForCompletion(5000);
            raw.close();
            sub.reset();

            // the outbox: queued during an "outage", then replayed by the market link
            try (MarketDb db = new MarketDb(dir.resolve("market.db"))) {
                Outbox outbox = new Outbox(db, codec, 1_000_000, 1L << 30);
                for (int i = 0; i < N; i += 1000) {
                    List<Envelope<Telemetry>> chunk = msgs.subList(i, Math.min(N, i + 1000));
                    db.tx(d -> {
                        for (Envelope<Telemetry> m : chunk) {
                            outbox.enqueue(d, m);
                        }
                        return null;
                    });
                }
                byte[] will = codec.encode(Envelope.of("bench", t0, new Status(Status.State.OFFLINE, "bench",
                        List.of(), Status.Mode.AUTONOMOUS)));
                MqttLink link = new MqttLink(new MqttLink.Settings(url, "cool-edge-bench", "", "", 3600,
                        Topics.SiteTopic.STATUS.topic("bench"), will, List.of(Topics.SiteTopic.RESULTS.topic("bench")),
                        new Properties(), 100, 1000), outbox, new MqttLink.Listener() {
                            @Override
                            public void onMessage(String t, byte[] p) {
                            }

                            @Override
                            public void onLink(boolean up) {
                            }
                        });
                long s2 = System.nanoTime();
                link.start();
                sub.await(N);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (outbox.depth() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5); // polling with a deadline
                }
                double replay = N / ((System.nanoTime() - s2) / 1e9);
                link.close();
                Set<String> expected = ConcurrentHashMap.newKeySet();
                msgs.forEach(m -> expected.add(m.id()));
                expected.removeAll(sub.ids.keySet());
                figures.report("replay_msg_per_s", replay, "msg/s");
                figures.report("raw_paho_msg_per_s", rawRate, "msg/s");
                figures.report("ratio", replay / rawRate, "x");
                figures.report("lost", expected.size(), "msgs");
                figures.report("duplicated", sub.ids.values().stream().filter(c -> c.get() > 1).count(), "msgs");
            }
            sub.close();
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    /** The market side: counts every telemetry id it receives. */
    private static final class Counter implements AutoCloseable {
        final ConcurrentHashMap<String, AtomicInteger> ids = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();
        private final MqttAsyncClient client;

        Counter(String url, ProtocolCodec codec) throws Exception {
            client = new MqttAsyncClient(url, "bench-market", new MemoryPersistence());
            client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    String s = new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
                    int i = s.indexOf("\"id\":\"");
                    String id = s.substring(i + 6, s.indexOf('"', i + 6));
                    ids.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    total.incrementAndGet();
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
            client.subscribe(new MqttSubscription[] {new MqttSubscription("cool/v1/sites/bench/telemetry", 1)}, null,
                    null, new MqttProperties()).waitForCompletion(10_000);
        }

        void await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (ids.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(2); // polling with a deadline
            }
        }

        void reset() {
            ids.clear();
            total.set(0);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(5000);
            client.close();
        }
    }
}
