package org.thermalcommons.edge.market;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.security.SSLSocketFactoryFactory;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.market.transport.NoDelaySockets;

/**
 * The gateway's MQTT 5 connection (Paho). Client id {@code cool-edge-<site>}, clean start false with a session expiry,
 * QoS 1, a retained {@code offline} status as its will. Reconnects by itself with exponential back-off and jitter;
 * after every connect it subscribes again (Paho does not say whether the session was present) and drains the
 * outbox: live messages first, then the backlog, with at most the broker's Receive Maximum in flight. A message
 * leaves the outbox only when its PUBACK arrived. Received messages are handed to the {@link Listener} on Paho's
 * thread: the PUBACK is sent after it returns, so what it persisted is never lost.
 */
public final class MqttLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    public interface Listener {
        /** A message arrived; persist before returning. Must not throw for bad payloads (count them). */
        void onMessage(String topic, byte[] payload) throws Exception;

        /** The connection came up ({@code true}) or went down. */
        void onLink(boolean up);
    }

    /** How to connect. */
    public record Settings(String url, String clientId, String username, String password, long sessionExpirySeconds,
                    String willTopic, byte[] willPayload, List<String> subscriptions, Properties ssl,
                    long minBackoffMillis, long maxBackoffMillis) {
    }

    /**
     * The SSL properties (Paho's names) that make the link trust the brokers whose certificates chain to the PKCS#12
     * trust store at {@code path}; none when {@code path} is blank (the JVM's default trust).
     */
    public static Properties trustStore(String path, String password) {
        Properties ssl = new Properties();
        if (!path.isBlank()) {
            ssl.setProperty("com.ibm.ssl.trustStore", path);
            ssl.setProperty("com.ibm.ssl.trustStorePassword", password);
            ssl.setProperty("com.ibm.ssl.trustStoreType", "PKCS12");
        }
        return ssl;
    }

    private final Settings s;
    private final Outbox outbox;
    private final Listener listener;
    private volatile MqttAsyncClient client;
    private final ScheduledExecutorService timer;
    private final SplittableRandom jitter = new SplittableRandom();
    private final ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
    private final Object wake = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Thread publisher;
    private volatile boolean running = true;
    private volatile boolean up;
    private volatile boolean pending;
    private volatile int receiveMaximum = 65_535;
    private volatile Semaphore window = new Semaphore(0);
    private volatile long epoch;
    private int failures;

    public MqttLink(Settings s, Outbox outbox, Listener listener) throws MqttException {
        this.s = s;
        this.outbox = outbox;
        this.listener = listener;
        client = newClient();
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "market-link"));
        publisher = daemon(this::publishLoop, "market-outbox");
    }

    /**
     * A fresh Paho client per connection: Paho would otherwise replay its own in-flight messages on a resumed session
     * beside ours, beyond the broker's Receive Maximum. Unacknowledged messages are the outbox's to re-send; the
     * broker keeps the session (subscriptions, messages queued for us) by client id.
     */
    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(s.url(), s.clientId(), new MemoryPersistence());
        c.setCallback(new Callback());
        return c;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void start() {
        publisher.start();
        timer.execute(this::connect);
    }

    public boolean isUp() {
        return up;
    }

    long published() {
        return published.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    public int receiveMaximum() {
        return receiveMaximum;
    }

    /** Something was queued: publish it soon. */
    void wake() {
        synchronized (wake) {
            pending = true;
            wake.notifyAll();
        }
    }

    /** The connection options of the next connect (package-private for tests). */
    MqttConnectionOptions options() throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(s.sessionExpirySeconds());
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(15);
        o.setConnectionTimeout(10);
        MqttMessage will = new MqttMessage(s.willPayload(), 1, true, new MqttProperties());
        o.setWill(s.willTopic(), will);
        if (!s.username().isEmpty()) {
            o.setUserName(s.username());
            o.setPassword(s.password().getBytes(StandardCharsets.UTF_8));
        }
        o.setSocketFactory(sockets());
        return o;
    }

    /**
     * Sockets that send each packet at once (see {@link NoDelaySockets}); for TLS, with the trust store and keys of
     * the SSL properties, as Paho would build them itself.
     */
    private SocketFactory sockets() throws MqttException {
        if (!NoDelaySockets.isTls(s.url())) {
            return NoDelaySockets.plain();
        }
        SSLSocketFactoryFactory tls = new SSLSocketFactoryFactory();
        tls.initialize(s.ssl() == null ? new Properties() : s.ssl(), null); // a bad one: IllegalArgumentException
        return NoDelaySockets.tls(tls.createSocketFactory(null));
    }

    private void connect() {
        if (!running) {
            return;
        }
        try {
            if (epoch > 0 || failures > 0) {
                MqttAsyncClient old = client;
                try {
                    old.disconnectForcibly(0, 100, false);
                } catch (MqttException ignored) {
                    // already gone
                }
                old.close(true);
                client = newClient();
            }
            IMqttToken t = client.connect(options());
            t.waitForCompletion(15_000);
            MqttProperties p = t.getResponseProperties();
            receiveMaximum = p != null && p.getReceiveMaximum() != null ? p.getReceiveMaximum() : 65_535;
            List<MqttSubscription> subs = new ArrayList<>();
            for (String topic : s.subscriptions()) {
                subs.add(new MqttSubscription(topic, 1));
            }
            client.subscribe(subs.toArray(new MqttSubscription[0]), null, null, new MqttProperties())
                    .waitForCompletion(15_000);
            failures = 0;
            epoch++;
            window = new Semaphore(receiveMaximum);
            up = true;
            LOG.info("market link up: {} as {} (receive maximum {})", s.url(), s.clientId(), receiveMaximum);
            listener.onLink(true);
            wake();
        } catch (MqttException e) {
            // Paho's own text for a failed TLS handshake is "Untranslated MqttException": the cause says what failed
            scheduleReconnect(e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause());
        } catch (IllegalArgumentException e) {
            scheduleReconnect("TLS settings: " + e.getMessage()); // from sockets(): logged once, not every retry
        } catch (RuntimeException e) {
            LOG.warn("market link: {}", e.toString());
            scheduleReconnect(e.getMessage());
        }
    }

    private void scheduleReconnect(String why) {
        if (!running) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
        } catch (MqttException ignored) {
            // the connection is unusable either way
        }
        failures = Math.min(failures + 1, 30);
        long cap = Math.min(s.maxBackoffMillis(), s.minBackoffMillis() << Math.min(failures - 1, 20));
        long delay = cap / 2 + jitter.nextLong(cap / 2 + 1);
        if (failures == 1) {
            LOG.warn("market link: cannot connect to {} ({}); retrying with back-off", s.url(), why);
        }
        reconnects.incrementAndGet();
        timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void lost(long inEpoch, String why) {
        if (!up || inEpoch != epoch) {
            return;
        }
        up = false;
        LOG.warn("market link down: {}", why);
        listener.onLink(false);
        timer.execute(() -> scheduleReconnect(why));
    }

    private void publishLoop() {
        long liveCursor = 0;
        long backlogCursor = 0;
        long seenEpoch = -1;
        while (running) {
            try {
                flushAcks();
                synchronized (wake) {
                    if (!pending) {
                        wake.wait(50);
                    }
                    pending = false;
                }
                if (!up) {
                    continue;
                }
                if (seenEpoch != epoch) {
                    seenEpoch = epoch;
                    liveCursor = 0;
                    backlogCursor = 0;
                }
                long e = seenEpoch;
                boolean more = true;
                while (more && up && e == epoch) {
                    more = false;
                    List<Outbox.Row> rows = outbox.next(false, liveCursor, 256);
                    if (rows.isEmpty()) {
                        rows = outbox.next(true, backlogCursor, 256);
                    }
                    for (Outbox.Row r : rows) {
                        Semaphore w = window;
                        while (!w.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            flushAcks();
                            if (!up || e != epoch) {
                                break;
                            }
                        }
                        if (!up || e != epoch) {
                            break;
                        }
                        publish(r, w);
                        if (r.backlog()) {
                            backlogCursor = r.seq();
                        } else {
                            liveCursor = r.seq();
                        }
                        more = true;
                    }
                    flushAcks();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("market outbox: {}", e.toString());
            }
        }
    }

    private void flushAcks() throws java.sql.SQLException {
        List<Long> batch = new ArrayList<>();
        Long s1;
        while ((s1 = acked.poll()) != null) {
            batch.add(s1);
            if (batch.size() == 500) {
                outbox.sent(batch);
                batch.clear();
            }
        }
        outbox.sent(batch);
    }

    private void publish(Outbox.Row r, Semaphore w) {
        long e = epoch;
        try {
            client.publish(r.topic(), new MqttMessage(r.payload(), 1, r.retained(), new MqttProperties()), null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            acked.add(r.seq());
                            published.incrementAndGet();
                            w.release();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable ex) {
                            w.release();
                            lost(e, "publish failed: " + ex.getMessage());
                        }
                    });
        } catch (MqttException ex) {
            w.release();
            lost(e, "publish failed: " + ex.getMessage());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            lost(epoch, r.getReasonString() == null ? "disconnected" : r.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("market link: {}", e.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            listener.onMessage(topic, message.getPayload());
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
    public void close() {
        running = false;
        publisher.interrupt();
        timer.shutdownNow();
        try {
            publisher.join(2000);
            flushAcks();
        } catch (Exception e) {
            LOG.debug("market link close: {}", e.toString());
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("market link close: {}", e.getMessage());
        }
    }
}
