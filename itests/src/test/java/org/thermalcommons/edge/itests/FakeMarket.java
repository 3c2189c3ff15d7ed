package org.thermalcommons.edge.itests;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.thermalcommons.edge.market.protocol.Ack;
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.BidResult;
import org.thermalcommons.edge.market.protocol.Body;
import org.thermalcommons.edge.market.protocol.Delivery;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.protocol.Trade;

/**
 * The market side of the itests: a Paho v5 client with a persistent session (clean start false) that records every
 * message the sites send (by envelope id, counting wire redeliveries), answers each bid with an accepted bid-result
 * and each {@code sell} bid with a trade of {@link #TRADE_KW} for its interval, and publishes what a test asks.
 */
final class FakeMarket implements AutoCloseable {
    static final double TRADE_KW = 5;
    static final String ZONE = "it-zone";

    private final ProtocolCodec codec = new ProtocolCodec();
    private final String url;
    /** A fresh client per connection (Paho's own automatic reconnect can stall in CONNECTING after a broker stop). */
    private volatile MqttAsyncClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();
    /** Every envelope received, by id: how many times it came over the wire. */
    final Map<String, AtomicInteger> wire = new ConcurrentHashMap<>();
    final List<Envelope<?>> received = new CopyOnWriteArrayList<>();
    /** Trades the broker accepted (so they reach the site, also if it is offline then). */
    final List<Trade> trades = new CopyOnWriteArrayList<>();
    /** Answers go out on a thread of their own: Paho's callback thread must not wait for its own client. */
    private final java.util.concurrent.ExecutorService answers = java.util.concurrent.Executors
            .newSingleThreadExecutor();

    FakeMarket(String url) throws MqttException {
        this.url = url;
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(false);
        client = newClient();
    }

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "cool-market-" + ZONE, new MemoryPersistence());
        c.setCallback(new Callback());
        return c;
    }

    /** After a broker restart: a new connection on the same session (what was queued for it arrives now). */
    synchronized FakeMarket reconnect() throws MqttException {
        MqttAsyncClient old = client;
        try {
            old.disconnectForcibly(0, 100, false);
        } catch (MqttException e) {
            // already gone with the broker
        }
        old.close(true);
        client = newClient();
        return connect();
    }

    FakeMarket connect() throws MqttException {
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.ALL_SITES, 1)}, null, null,
                new MqttProperties()).waitForCompletion(10_000);
        return this;
    }

    boolean connected() {
        return client.isConnected();
    }

    /** Publishes and waits until the broker has it; while the broker is away, tries again for up to 60 s. */
    void send(String topic, Body body, String site) throws MqttException {
        Envelope<Body> e = Envelope.of(site, Instant.now(), body);
        byte[] payload = codec.encode(e);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                publish(topic, payload, Topics.retained(e.type()));
                return;
            } catch (MqttException x) {
                if (System.nanoTime() > deadline) {
                    throw x;
                }
                try {
                    Thread.sleep(100); // the broker is away: try again (polling with a deadline)
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw x;
                }
            }
        }
    }

    void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 1, retained, new MqttProperties()))
                .waitForCompletion(10_000);
    }

    <B extends Body> List<B> bodies(Class<B> type) {
        return received.stream().map(Envelope::body).filter(type::isInstance).map(type::cast).toList();
    }

    /** Envelope ids of the received messages of this type that satisfy the key, grouped by the key. */
    Map<String, List<String>> idsBy(Class<? extends Body> type, java.util.function.Function<Body, String> key) {
        Map<String, List<String>> out = new ConcurrentHashMap<>();
        for (Envelope<?> e : received) {
            if (type.isInstance(e.body())) {
                out.computeIfAbsent(key.apply(e.body()), k -> new CopyOnWriteArrayList<>()).add(e.id());
            }
        }
        return out;
    }

    private void answer(Envelope<?> e, Bid b) {
        String results = Topics.SiteTopic.RESULTS.topic(e.site());
        try {
            send(results, BidResult.accepted(e.id()), e.site());
            if (b.side() == Side.SELL) {
                Trade t = new Trade("t-" + e.id(), e.id(), b.interval(), Side.SELL, Math.min(TRADE_KW, b.totalKw()),
                        0.3);
                send(results, t, e.site());
                trades.add(t);
            }
        } catch (MqttException x) {
            throw new IllegalStateException("the fake market could not answer " + e.id() + ": " + x.getMessage(), x);
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            Envelope<?> e = codec.decode(topic, message.getPayload());
            if (wire.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                return; // a QoS 1 redelivery: the market drops it by id
            }
            received.add(e);
            if (e.body() instanceof Bid b) {
                answers.execute(() -> answer(e, b));
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

    static String ackTrade(Body b) {
        return ((Ack) b).tradeId();
    }

    static String deliveryInterval(Body b) {
        return ((Delivery) b).interval().start().toString();
    }

    @Override
    public void close() throws MqttException {
        answers.shutdownNow();
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5000);
        }
        client.close();
    }
}
