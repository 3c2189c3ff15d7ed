package org.thermalcommons.edge.market;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;

/**
 * The other side in link tests: a plain Paho client with a persistent session that records every message it gets,
 * by envelope id (what an idempotent market keeps) and on the wire (redeliveries included); status messages apart.
 */
final class MarketSide implements AutoCloseable {
    final Map<String, Envelope<?>> byId = new ConcurrentHashMap<>();
    /** Messages other than status (birth and will), counted on the wire. */
    final AtomicInteger onWire = new AtomicInteger();
    final java.util.List<Envelope<?>> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final String filter;
    private final ProtocolCodec codec;

    MarketSide(String url, String clientId, String filter, ProtocolCodec codec, String user, String password)
            throws MqttException {
        this.codec = codec;
        this.filter = filter;
        client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        // A connect that reaches a broker while it shuts down is accepted and never answered: without a short
        // timeout this side would sit in that attempt for Paho's default 30 s, past the tests' deadlines.
        options.setConnectionTimeout(3);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) throws Exception {
                topics.add(topic);
                Envelope<?> e = codec.decode(topic, m.getPayload());
                if (e.type() == org.thermalcommons.edge.market.protocol.MessageType.STATUS) {
                    statuses.add(e);
                } else {
                    onWire.incrementAndGet();
                    byId.putIfAbsent(e.id(), e);
                }
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
                try {
                    client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null,
                            new MqttProperties());
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    MarketSide connect() throws MqttException {
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null, new MqttProperties())
                .waitForCompletion(10_000);
        return this;
    }

    void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 1, retained, new MqttProperties())).waitForCompletion(10_000);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5000);
        }
        client.close(true);
    }
}
