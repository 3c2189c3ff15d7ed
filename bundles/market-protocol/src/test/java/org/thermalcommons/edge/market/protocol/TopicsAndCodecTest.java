package org.thermalcommons.edge.market.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsAndCodecTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    private final Interval next = new Interval(t0.plusSeconds(900), t0.plusSeconds(1800));

    @Test
    void everyTypeHasOneTopicThatParsesBackToIt() {
        for (MessageType t : MessageType.values()) {
            String topic = Topics.topicFor(t, "site-1");
            Topics.Parsed p = Topics.parse(topic).orElseThrow();
            assertThat(p.types()).contains(t);
        }
        assertThat(Topics.topicFor(MessageType.BID, "s")).isEqualTo("cool/v1/sites/s/bids");
        assertThat(Topics.parse("cool/v1/sites/a/b/bids")).isEmpty();
        assertThat(Topics.parse("other/topic")).isEmpty();
    }

    @Test
    void wrongSiteOnTopicIsRejected() {
        byte[] ack = codec.encode(Envelope.of("site-2", t0, new Ack("t-1")));
        assertThatThrownBy(() -> codec.decode("cool/v1/sites/site-1/acks", ack))
                .extracting(e -> ((ProtocolException) e).rule()).isEqualTo("site");
    }

    @Test
    void typeOnTheWrongTopicIsRejected() {
        byte[] ack = codec.encode(Envelope.of("site-1", t0, new Ack("t-1")));
        assertThatThrownBy(() -> codec.decode("cool/v1/sites/site-1/bids", ack))
                .extracting(e -> ((ProtocolException) e).rule()).isEqualTo("topic");
    }

    @Test
    void bidRoundTripsThroughItsTopic() throws Exception {
        Envelope<Bid> bid = Envelope.of("site-1", t0, new Bid(next, Side.BUY,
                List.of(new Step(5, 0.2), new Step(5, 0.1)), "bess", t0.plusSeconds(600)));
        Envelope<?> back = codec.decode(Topics.topicFor(MessageType.BID, "site-1"), codec.encode(bid));
        assertThat(back).isEqualTo(bid);
    }

    @Test
    void historicalFlagIsAbsentUnlessSet() {
        Telemetry t = new Telemetry(new Interval(t0, t0.plusSeconds(60)), 1, 0, 50, List.of(),
                new Telemetry.Flexibility(1, 1), null);
        String live = new String(codec.encode(Envelope.of("s", t0, t)));
        String old = new String(codec.encode(Envelope.of("s", t0, t.asHistorical())));
        assertThat(live).doesNotContain("historical");
        assertThat(old).contains("\"historical\":true");
    }

    @Test
    void intervalsAlignToTheirLength() {
        Interval i = Interval.containing(Instant.parse("2026-12-01T10:07:12Z"), Duration.ofMinutes(15));
        assertThat(i.start()).isEqualTo(t0);
        assertThat(i.alignedTo(Duration.ofMinutes(15))).isTrue();
        assertThat(new Interval(t0.plusSeconds(60), t0.plusSeconds(960)).alignedTo(Duration.ofMinutes(15))).isFalse();
        assertThat(i.next()).isEqualTo(next);
    }
}
