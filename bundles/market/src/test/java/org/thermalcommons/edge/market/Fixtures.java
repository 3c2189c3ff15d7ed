package org.thermalcommons.edge.market;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.thermalcommons.edge.market.protocol.Ack;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.Status;
import org.thermalcommons.edge.market.protocol.Telemetry;
import org.thermalcommons.edge.market.protocol.Topics;

/** Messages and a link for tests. */
final class Fixtures {
    static final ProtocolCodec CODEC = new ProtocolCodec();
    static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");

    private Fixtures() {
    }

    static Envelope<Telemetry> telemetry(String site, int minute) {
        Instant start = T0.plusSeconds(60L * minute);
        return Envelope.of(site, start.plusSeconds(60), new Telemetry(new Interval(start, start.plusSeconds(60)),
                40 + minute % 7, 3, 50, List.of(), new Telemetry.Flexibility(10, 10), null));
    }

    static Envelope<Ack> ack(String site, int n) {
        return Envelope.of(site, T0, new Ack("t-" + n));
    }

    static void enqueue(MarketDb db, Outbox outbox, List<? extends Envelope<?>> messages) throws SQLException {
        db.tx(d -> {
            for (Envelope<?> m : messages) {
                outbox.enqueue(d, m);
            }
            return null;
        });
    }

    static MqttLink link(String url, String site, Outbox outbox, MqttLink.Listener listener) throws MqttException {
        return link(url, site, outbox, listener, new Properties());
    }

    static MqttLink link(String url, String site, Outbox outbox, MqttLink.Listener listener, Properties ssl)
            throws MqttException {
        byte[] will = CODEC.encode(Envelope.of(site, T0, new Status(Status.State.OFFLINE, "test", List.of(),
                Status.Mode.AUTONOMOUS)));
        return new MqttLink(new MqttLink.Settings(url, "cool-edge-" + site, "", "", 3600,
                Topics.SiteTopic.STATUS.topic(site), will, List.of(Topics.SiteTopic.RESULTS.topic(site),
                Topics.SIGNALS, Topics.CLEARING), ssl, 50, 500), outbox, listener);
    }

    static MqttLink.Listener quiet() {
        return new MqttLink.Listener() {
            @Override
            public void onMessage(String topic, byte[] payload) {
            }

            @Override
            public void onLink(boolean up) {
            }
        };
    }
}
