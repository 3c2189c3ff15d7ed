package org.thermalcommons.edge.bench.market;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.BidResult;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Step;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.transport.NoDelaySockets;

/**
 * The bid round trip the protocol defines: a site publishes a {@code bid} (QoS 1) and the market answers it with a
 * {@code bid-result} on the site's {@code results} topic as soon as the bid is validated, deduplicated and committed
 * (trades follow only at gate closure, so they are not part of it). The market is the real application
 * ({@code central-market}, its own JVM, embedded HiveMQ CE on loopback, SQLite with synchronous=FULL, the demo's
 * heap) with {@code SITES} sites configured; {@code SITES} Paho v5 clients in this JVM, one connection each (clean
 * start false, session expiry, QoS 1, TCP_NODELAY sockets: the gateway's settings), connect and subscribe; then in
 * each round every client publishes one bid and the time from its publish call to the arrival of its bid-result is
 * recorded. Two loads: the 1,000 bids spread evenly over {@link #SPREAD_MILLIS} (sites bid when their own tick sees
 * the new interval), and all 1,000 at the same instant (the worst case). One warm-up round, then {@code ROUNDS}
 * rounds of each.
 */
final class RoundTrip implements AutoCloseable {
    static final int SITES = Integer.getInteger("market.roundtrip.sites", 1_000);
    static final int ROUNDS = 2;
    /** The spread load: 1,000 bids within 10 s, 100 bids/s. */
    static final long SPREAD_MILLIS = 10_000;
    private static final Duration INTERVAL = Duration.ofMinutes(15);
    private static final Duration GATE = Duration.ofMinutes(5);

    private final Path dir;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> latency = new ConcurrentHashMap<>();
    private volatile CountDownLatch answered;
    private Process market;
    private String url;
    int peakThreads;

    RoundTrip() throws Exception {
        dir = Files.createTempDirectory("market-roundtrip");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    void startMarket() throws Exception {
        int port = freePort();
        StringBuilder cfg = new StringBuilder("zone = bench-zone\nintervalMinutes = 15\ngateClosureSeconds = 300\n"
                + "broker.url =\nbroker.port = " + port + "\nhttp.port = 0\ndataDir = " + dir.resolve("market")
                + "\nsites = ");
        for (int k = 0; k < SITES; k++) {
            cfg.append(k == 0 ? "" : ",").append(site(k));
        }
        Path file = dir.resolve("market.properties");
        Files.writeString(file, cfg.append('\n').toString(), StandardCharsets.UTF_8);
        Path repo = Path.of(System.getProperty("cool.edge.repo", "."));
        Path target = repo.resolve("central-market/target");
        Path jar;
        try (var s = Files.list(target)) {
            jar = s.filter(p -> p.getFileName().toString().matches("central-market-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build central-market first (no jar in " + target
                            + ")"));
        }
        Path log = dir.resolve("market.log");
        market = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", jar + ":" + target.resolve("lib") + "/*", "org.thermalcommons.edge.centralmarket.CentralMarket",
                "--config", file.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("Market status page")) {
            if (!market.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the central market did not start: " + Files.readString(log));
            }
            Thread.sleep(100); // polling with a deadline
        }
        url = "tcp://127.0.0.1:" + port;
    }

    static String site(int k) {
        return "bench-" + k;
    }

    void connectClients() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<MqttAsyncClient>> f = new ArrayList<>();
        for (int k = 0; k < SITES; k++) {
            int n = k;
            f.add(pool.submit(() -> connect(site(n))));
        }
        for (Future<MqttAsyncClient> c : f) {
            clients.add(c.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
    }

    private MqttAsyncClient connect(String site) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "cool-edge-" + site, new MemoryPersistence());
        c.setCallback(new Callback());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setKeepAliveInterval(60);
        o.setAutomaticReconnect(false);
        o.setSocketFactory(NoDelaySockets.plain()); // as the gateway's link
        c.connect(o).waitForCompletion(60_000);
        c.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.SiteTopic.RESULTS.topic(site), 1)}, null,
                null, new MqttProperties()).waitForCompletion(60_000);
        return c;
    }

    /**
     * One round: every client bids once for {@code interval}, the bids spread evenly over {@code spreadMillis} (0: all
     * at once); waits for every result. Latencies in ns.
     */
    long[] round(Interval interval, long spreadMillis) throws Exception {
        List<byte[]> payloads = new ArrayList<>(SITES);
        List<String> ids = new ArrayList<>(SITES);
        Instant now = Instant.now();
        for (int k = 0; k < SITES; k++) {
            Envelope<Bid> e = Envelope.of(site(k), now, new Bid(interval, Side.SELL, List.of(new Step(10 + k % 40,
                    0.10 + (k % 50) / 500.0), new Step(5, 0.30)), "bess", interval.start().minus(GATE)));
            payloads.add(codec.encode(e));
            ids.add(e.id());
        }
        latency.clear();
        answered = new CountDownLatch(SITES);
        long t0 = System.nanoTime();
        for (int k = 0; k < SITES; k++) {
            long due = t0 + spreadMillis * 1_000_000L * k / SITES;
            while (System.nanoTime() < due) {
                java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime()); // pacing the sends
            }
            sentAt.put(ids.get(k), System.nanoTime());
            clients.get(k).publish(Topics.SiteTopic.BIDS.topic(site(k)), new MqttMessage(payloads.get(k), 1, false,
                    new MqttProperties()));
        }
        if (!answered.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (SITES - answered.getCount()) + " of " + SITES
                    + " bids answered within 300 s");
        }
        peakThreads = Math.max(peakThreads, ManagementFactory.getThreadMXBean().getPeakThreadCount());
        return latency.values().stream().mapToLong(Long::longValue).toArray();
    }

    /** An interval whose gate is open for the whole run: {@code k} intervals after the next one. */
    static Interval openInterval(int k) {
        Interval i = Interval.containing(Instant.now(), INTERVAL).next().next();
        for (int n = 0; n < k; n++) {
            i = i.next();
        }
        return i;
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long t = System.nanoTime();
            try {
                if (codec.decode(topic, message.getPayload()).body() instanceof BidResult r) {
                    if (r.status() != BidResult.Outcome.ACCEPTED) {
                        throw new IllegalStateException("bid " + r.bidId() + " rejected: " + r.reason());
                    }
                    Long s = sentAt.remove(r.bidId());
                    if (s != null && latency.putIfAbsent(r.bidId(), t - s) == null) {
                        answered.countDown();
                    }
                }
            } catch (org.thermalcommons.edge.market.protocol.ProtocolException e) {
                throw new IllegalStateException(e.getMessage(), e);
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
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    @Override
    public void close() throws Exception {
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnect().waitForCompletion(5000);
                c.close();
            } catch (MqttException e) {
                // the run is over; a client that cannot say goodbye is dropped with the broker
            }
        }
        if (market != null) {
            market.destroy();
            market.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
