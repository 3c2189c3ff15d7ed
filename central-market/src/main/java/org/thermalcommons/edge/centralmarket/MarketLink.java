package org.thermalcommons.edge.centralmarket;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.transport.NoDelaySockets;

/**
 * The market's MQTT 5 connection (standard MQTT only: any broker). Receives every site's topics with manual acks, in
 * two stages so that decoding never waits for an fsync: the decode thread validates what arrived (no lock, no
 * database) while the inbox thread commits the previous batch; the inbox thread takes whatever is validated when it is
 * free (a group commit that never holds back the first message), hands it to the engine in one transaction and sends
 * each message's PUBACK only after that commit. Publishes the outbox in order, at most the broker's Receive Maximum
 * in flight: after a (re)connect it reads the outbox from the start; once caught up, the store hands it each
 * transaction's rows right after the commit, without reading them back. Rows the broker acknowledged are deleted in
 * batches (a crash in between re-sends those few, which sites drop by id). Paho reconnects by itself; after every
 * (re)connect it subscribes again and re-sends what was not acknowledged.
 */
final class MarketLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketLink.class);

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final MarketStore store;
    private final MarketEngine engine;
    private final Object signal = new Object();
    private final AtomicLong published = new AtomicLong();
    private volatile Semaphore window = new Semaphore(0);
    /** The last row given to the client (publisher thread only). */
    private long lastQueued;
    /** Read the outbox from the start again (after a reconnect or a failed publish). */
    private volatile boolean rewind = true;
    /** Rows committed since the publisher caught up, in seq order (see {@link MarketStore#pendingOrTap}). */
    private final BlockingQueue<MarketStore.OutRow> fresh = new LinkedBlockingQueue<>();
    /** The broker's Receive Maximum from the first CONNACK (Paho's reconnect does not expose later ones). */
    private volatile int receiveMax = 65_535;
    private volatile boolean running = true;
    private volatile boolean wakeUp;
    private final Thread publisher;
    private final Thread inbox;
    private final Thread decoder;
    /** Received, not yet validated. */
    private final BlockingQueue<Arrived> arrived = new LinkedBlockingQueue<>();
    /** Validated, not yet committed: handed to the engine by the inbox thread. */
    private final BlockingQueue<Decoded> decoded = new LinkedBlockingQueue<>();
    /** Outbox rows the broker acknowledged and not yet deleted. */
    private final Queue<Long> acked = new ConcurrentLinkedQueue<>();
    /** Most messages committed in one transaction. */
    static final int BATCH = 500;

    private record Arrived(String topic, byte[] payload, int id, int qos) {
    }

    /** A validated batch: the messages to commit and every received one to acknowledge after the commit. */
    private record Decoded(List<org.thermalcommons.edge.market.protocol.Envelope<?>> valid, List<Arrived> received) {
    }

    MarketLink(MarketConfig cfg, MarketStore store, MarketEngine engine, String url) throws MqttException {
        this.store = store;
        this.engine = engine;
        client = new MqttAsyncClient(url, "cool-market-" + cfg.zone(), new MemoryPersistence());
        options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(86_400L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setKeepAliveInterval(30);
        // every bid's answer is a small packet: sent at once, not held back by Nagle's algorithm (see NoDelaySockets)
        try {
            options.setSocketFactory(NoDelaySockets.isTls(url)
                    ? NoDelaySockets.tls(javax.net.ssl.SSLContext.getDefault().getSocketFactory())
                    : NoDelaySockets.plain());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
        }
        if (!cfg.username().isEmpty()) {
            options.setUserName(cfg.username());
            options.setPassword(cfg.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        client.setCallback(new Callback());
        client.setManualAcks(true);
        publisher = new Thread(this::publishLoop, "market-outbox");
        publisher.setDaemon(true);
        inbox = new Thread(this::inboxLoop, "market-inbox");
        inbox.setDaemon(true);
        decoder = new Thread(this::decodeLoop, "market-inbox-decode");
        decoder.setDaemon(true);
    }

    /** The connection options (package-private for tests). */
    MqttConnectionOptions options() {
        return options;
    }

    void start() throws MqttException {
        IMqttToken t = client.connect(options);
        t.waitForCompletion(30_000);
        onConnected(t);
        decoder.start();
        inbox.start();
        publisher.start();
    }

    private void decodeLoop() {
        List<MarketEngine.Incoming> in = new ArrayList<>(BATCH);
        while (running) {
            try {
                List<Arrived> batch = new ArrayList<>(BATCH);
                batch.add(arrived.take());
                arrived.drainTo(batch, BATCH - 1);
                for (Arrived a : batch) {
                    in.add(new MarketEngine.Incoming(a.topic(), a.payload()));
                }
                decoded.add(new Decoded(engine.validate(in), batch));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("inbox: validation failed: {}", e.toString());
            } finally {
                in.clear();
            }
        }
    }

    private void inboxLoop() {
        List<Decoded> batches = new ArrayList<>();
        List<org.thermalcommons.edge.market.protocol.Envelope<?>> valid = new ArrayList<>(BATCH);
        while (running) {
            try {
                batches.add(decoded.take());
                int n = batches.get(0).received().size();
                for (Decoded d; n < BATCH && (d = decoded.poll()) != null; n += d.received().size()) {
                    batches.add(d);
                }
                for (Decoded d : batches) {
                    valid.addAll(d.valid());
                }
                try {
                    engine.commit(valid);
                } catch (java.sql.SQLException | RuntimeException e) {
                    // not acknowledged: the broker redelivers them when the session resumes
                    LOG.error("inbox: {} messages not committed ({}); left unacknowledged", valid.size(),
                            e.getMessage());
                    continue;
                }
                for (Decoded d : batches) {
                    for (Arrived a : d.received()) {
                        try {
                            client.messageArrivedComplete(a.id(), a.qos());
                        } catch (MqttException e) {
                            // the connection dropped: the broker redelivers, the engine drops the id as a duplicate
                            LOG.debug("inbox: ack of {} not sent: {}", a.id(), e.getMessage());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batches.clear();
                valid.clear();
            }
        }
    }

    /** Deletes the outbox rows the broker acknowledged, in one transaction. */
    private void flushAcked() throws java.sql.SQLException {
        if (acked.isEmpty()) {
            return;
        }
        List<Long> seqs = new ArrayList<>();
        for (Long s; (s = acked.poll()) != null; ) {
            seqs.add(s);
        }
        store.sent(seqs);
        published.addAndGet(seqs.size());
    }

    /** Something was queued: publish it now. */
    void wake() {
        synchronized (signal) {
            wakeUp = true;
            signal.notifyAll();
        }
    }

    long published() {
        return published.get();
    }

    private void onConnected(IMqttToken token) {
        MqttProperties p = token == null ? null : token.getResponseProperties();
        if (p != null && p.getReceiveMaximum() != null) {
            receiveMax = p.getReceiveMaximum();
        }
        try {
            MqttSubscription sub = new MqttSubscription(Topics.ALL_SITES, 1);
            sub.setNoLocal(true);
            client.subscribe(new MqttSubscription[] {sub}, null, null, new MqttProperties());
        } catch (MqttException e) {
            LOG.warn("subscribe failed: {}", e.getMessage());
        }
        window = new Semaphore(Math.min(receiveMax, 1000));
        rewind = true;
        wake();
    }

    private void publishLoop() {
        List<MarketStore.OutRow> rows = new ArrayList<>();
        while (running) {
            try {
                synchronized (signal) {
                    if (!wakeUp) {
                        signal.wait(1000);
                    }
                    wakeUp = false;
                }
                while (running && client.isConnected()) {
                    Semaphore w = window;
                    if (rewind) {
                        rewind = false;
                        store.untap();
                        fresh.clear();
                        lastQueued = 0;
                    }
                    // acknowledged rows are deleted in batches, off the answer path: before reading from the start
                    // (after a reconnect), when many are waiting, and when there is nothing else to do
                    if (lastQueued == 0 || acked.size() >= 256) {
                        flushAcked();
                    }
                    rows.clear();
                    fresh.drainTo(rows, 500);
                    if (rows.isEmpty()) {
                        rows.addAll(store.pendingOrTap(lastQueued, 500, committed -> {
                            fresh.addAll(committed);
                            wake();
                        }));
                    }
                    if (rows.isEmpty()) {
                        flushAcked();
                        break;
                    }
                    for (MarketStore.OutRow r : rows) {
                        if (r.seq() <= lastQueued) {
                            continue; // read from the outbox already
                        }
                        if (rewind || !w.tryAcquire(5, TimeUnit.SECONDS) || !client.isConnected()) {
                            // the rest is read back from the outbox, after the last row given to the client
                            store.untap();
                            fresh.clear();
                            break;
                        }
                        publish(r, w);
                        lastQueued = r.seq();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                rewind = true;
                LOG.warn("outbox: {}", e.getMessage());
            }
        }
    }

    private void publish(MarketStore.OutRow r, Semaphore w) throws MqttException {
        MqttMessage m = new MqttMessage(r.payload(), 1, r.retained(), new MqttProperties());
        client.publish(r.topic(), m, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                w.release();
                acked.add(r.seq());
                wake();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                w.release();
                rewind = true;
                wake();
            }
        });
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            LOG.warn("broker connection lost: {}", r.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("mqtt error: {}", e.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived.add(new Arrived(topic, message.getPayload(), message.getId(), message.getQos()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String uri) {
            LOG.info("{} to {}", reconnect ? "reconnected" : "connected", uri);
            if (reconnect) {
                onConnected(null);
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    @Override
    public void close() throws MqttException {
        running = false;
        publisher.interrupt();
        decoder.interrupt();
        inbox.interrupt();
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5000);
        }
        client.close();
    }
}
