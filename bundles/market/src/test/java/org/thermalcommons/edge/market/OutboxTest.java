package org.thermalcommons.edge.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.MessageType;
import org.thermalcommons.edge.market.protocol.Telemetry;

class OutboxTest {
    @TempDir
    Path dir;

    private static List<Envelope<?>> decode(List<Outbox.Row> rows) throws Exception {
        List<Envelope<?>> out = new ArrayList<>();
        for (Outbox.Row r : rows) {
            out.add(Fixtures.CODEC.decode(r.topic(), r.payload()));
        }
        return out;
    }

    @Test
    void fullOutboxDropsOldestTelemetryFirstAndNeverAnAck() throws Exception {
        try (MarketDb db = new MarketDb(dir.resolve("m.db"))) {
            Outbox o = new Outbox(db, Fixtures.CODEC, 5, 1 << 20);
            Fixtures.enqueue(db, o, List.of(Fixtures.telemetry("s", 0), Fixtures.ack("s", 1),
                    Fixtures.telemetry("s", 1), Fixtures.ack("s", 2), Fixtures.telemetry("s", 2)));
            Fixtures.enqueue(db, o, List.of(Fixtures.ack("s", 3), Fixtures.ack("s", 4), Fixtures.ack("s", 5)));
            List<Envelope<?>> left = decode(o.next(false, 0, 100));
            assertThat(o.dropped()).isEqualTo(3);
            assertThat(left).extracting(Envelope::type).containsExactly(MessageType.ACK, MessageType.ACK,
                    MessageType.ACK, MessageType.ACK, MessageType.ACK);
            // no telemetry left to drop: an ack still goes in (over the bound), a new telemetry is dropped
            Fixtures.enqueue(db, o, List.of(Fixtures.ack("s", 6), Fixtures.telemetry("s", 3)));
            assertThat(o.depth()).isEqualTo(6);
            assertThat(o.dropped()).isEqualTo(4);
        }
    }

    @Test
    void byteBoundDropsOldestTelemetry() throws Exception {
        try (MarketDb db = new MarketDb(dir.resolve("m.db"))) {
            int size = Fixtures.CODEC.encode(Fixtures.telemetry("s", 0)).length;
            Outbox o = new Outbox(db, Fixtures.CODEC, 1000, size * 3L + 10);
            for (int i = 0; i < 5; i++) {
                Fixtures.enqueue(db, o, List.of(Fixtures.telemetry("s", i)));
            }
            assertThat(o.depth()).isEqualTo(3);
            assertThat(o.bytes()).isLessThanOrEqualTo(size * 3L + 10);
            assertThat(decode(o.next(false, 0, 10))).extracting(e -> ((Telemetry) e.body()).period().start())
                    .containsExactly(Fixtures.T0.plusSeconds(120), Fixtures.T0.plusSeconds(180),
                            Fixtures.T0.plusSeconds(240));
        }
    }

    @Test
    void backlogTelemetryIsSentAfterLiveMessagesFlaggedHistoricalWithItsId() throws Exception {
        try (MarketDb db = new MarketDb(dir.resolve("m.db"))) {
            Outbox o = new Outbox(db, Fixtures.CODEC, 1000, 1 << 20);
            Envelope<Telemetry> old = Fixtures.telemetry("s", 0);
            Fixtures.enqueue(db, o, List.of(old, Fixtures.ack("s", 1)));
            o.markBacklog();
            Fixtures.enqueue(db, o, List.of(Fixtures.telemetry("s", 5)));
            List<Envelope<?>> live = decode(o.next(false, 0, 10));
            List<Envelope<?>> backlog = decode(o.next(true, 0, 10));
            assertThat(live).extracting(Envelope::type).containsExactly(MessageType.ACK, MessageType.TELEMETRY);
            assertThat(((Telemetry) live.get(1).body()).historical()).isNull();
            assertThat(backlog).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo(old.id());
                assertThat(((Telemetry) e.body()).historical()).isTrue();
            });
        }
    }

    @Test
    void queuedMessagesSurviveARestartAndLeaveOnlyWhenAcknowledged() throws Exception {
        Path file = dir.resolve("m.db");
        try (MarketDb db = new MarketDb(file)) {
            Outbox o = new Outbox(db, Fixtures.CODEC, 1000, 1 << 20);
            Fixtures.enqueue(db, o, List.of(Fixtures.ack("s", 1), Fixtures.ack("s", 2), Fixtures.telemetry("s", 1)));
            o.sent(List.of(o.next(false, 0, 1).get(0).seq()));
        }
        try (MarketDb db = new MarketDb(file)) {
            Outbox o = new Outbox(db, Fixtures.CODEC, 1000, 1 << 20);
            assertThat(o.depth()).isEqualTo(2);
            assertThat(decode(o.next(false, 0, 10))).extracting(e -> e.body().toString())
                    .containsExactly("Ack[tradeId=t-2]");
            assertThat(decode(o.next(true, 0, 10))).hasSize(1); // telemetry from before the restart: backlog
        }
    }
}
