package org.thermalcommons.edge.centralmarket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.BidResult;
import org.thermalcommons.edge.market.protocol.Clearing;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.MessageType;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Signal;
import org.thermalcommons.edge.market.protocol.Step;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.protocol.Trade;

class MarketEngineTest {
    // a Monday 09:00 UTC = 17:00 at UTC+8: high stress, the aggregator buys
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    @TempDir
    Path dir;
    private MarketConfig cfg;
    private MarketStore store;
    private MarketEngine engine;

    @BeforeEach
    void open() throws Exception {
        Properties p = new Properties();
        p.setProperty("sites", "site-1, site-2");
        p.setProperty("localUtcOffsetHours", "8");
        p.setProperty("aggregator.demandKw", "30");
        cfg = MarketConfig.from(p, dir);
        reopen();
    }

    private void reopen() throws Exception {
        if (store != null) {
            store.close();
        }
        store = new MarketStore(dir.resolve("market.db"));
        engine = new MarketEngine(cfg, store, CODEC, now::get, new StressScenario(42, cfg.localOffset()),
                new Aggregator(cfg.demandKw(), cfg.absorbKw(), cfg.basePricePerKwh()), () -> { });
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private Interval next() {
        return Interval.containing(now.get(), Duration.ofMinutes(15)).next();
    }

    private Envelope<Bid> bid(String site, Interval i, Side side, double kw, double price) {
        return Envelope.of(site, now.get(), new Bid(i, side, List.of(new Step(kw, price)), "bess",
                now.get().plusSeconds(1800)));
    }

    private void receive(Envelope<?> m) throws Exception {
        engine.onPayload(Topics.topicFor(m.type(), m.site()), CODEC.encode(m));
    }

    /** Decoded outbox messages, oldest first; drained. */
    private List<Envelope<?>> sent() throws Exception {
        List<Envelope<?>> out = new ArrayList<>();
        for (MarketStore.OutRow r : store.pending(0, 10_000)) {
            Envelope<?> e = CODEC.decode(r.topic(), r.payload());
            out.add(e);
            store.sent(List.of(r.seq()));
        }
        return out;
    }

    private static <B> List<B> bodies(List<Envelope<?>> sent, Class<B> type) {
        return sent.stream().map(Envelope::body).filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void bidBeforeGateClosureIsAcceptedAndAfterItRejectedAsGateClosed() throws Exception {
        Envelope<Bid> early = bid("site-1", next(), Side.SELL, 10, 0.1);
        receive(early);
        now.set(next().start().minusSeconds(299));
        Envelope<Bid> late = bid("site-1", next(), Side.SELL, 10, 0.1);
        receive(late);
        List<BidResult> results = bodies(sent(), BidResult.class);
        assertThat(results).containsExactly(BidResult.accepted(early.id()),
                BidResult.rejected(late.id(), BidResult.GATE_CLOSED));
    }

    @Test
    void gateClosureClearsAgainstTheAggregatorAndSendsEachSiteItsTrade() throws Exception {
        Interval i = next();
        receive(bid("site-1", i, Side.SELL, 10, 0.05));
        receive(bid("site-2", i, Side.SELL, 10, 0.10));
        sent();
        now.set(i.start().minus(cfg.gateClosure()).plusSeconds(1));
        engine.tick();
        List<Envelope<?>> out = sent();
        List<Trade> trades = bodies(out, Trade.class);
        Clearing clearing = bodies(out, Clearing.class).get(0);
        // high stress: the aggregator buys 30 kW in steps of 10.2 @0.36, 9.9 @0.252, 9.9 @0.162
        assertThat(clearing.interval()).isEqualTo(i);
        assertThat(clearing.volumeKw()).isEqualTo(20.0);
        assertThat(trades).hasSize(2).allSatisfy(t -> assertThat(t.pricePerKwh()).isEqualTo(clearing.pricePerKwh()));
        // 20 kW sold: 10.2 to the first step and 9.8 to the second; the second step's unserved 0.1 kW at 0.252
        // bounds the price from below, nothing bounds it from above but that step's own price: 0.252
        assertThat(clearing.pricePerKwh()).isEqualTo(0.252);
        assertThat(out.stream().filter(e -> e.type() == MessageType.TRADE).map(Envelope::site))
                .containsExactlyInAnyOrder("site-1", "site-2");
        assertThat(bodies(out, Signal.class)).singleElement().satisfies(s ->
                assertThat(s.gridStress()).isEqualTo(Signal.Stress.HIGH));
    }

    @Test
    void bidForAClearedIntervalIsRejectedAsIntervalClosed() throws Exception {
        Interval i = next();
        now.set(i.start().minus(cfg.gateClosure()).plusSeconds(1));
        engine.tick();
        sent();
        Envelope<Bid> b = bid("site-1", i, Side.SELL, 5, 0.1);
        receive(b);
        assertThat(bodies(sent(), BidResult.class)).containsExactly(
                BidResult.rejected(b.id(), BidResult.INTERVAL_CLOSED));
    }

    @Test
    void redeliveredMessageIsDroppedAlsoAfterARestart() throws Exception {
        Envelope<Bid> b = bid("site-1", next(), Side.SELL, 10, 0.1);
        receive(b);
        receive(b);
        assertThat(engine.duplicates()).isEqualTo(1);
        reopen();
        receive(b);
        assertThat(engine.duplicates()).isEqualTo(1);
        assertThat(bodies(sent(), BidResult.class)).hasSize(1);
    }

    @Test
    void restartNeitherLosesBidsNorClearsTwice() throws Exception {
        Interval i = next();
        receive(bid("site-1", i, Side.SELL, 10, 0.05));
        reopen();
        now.set(i.start().minus(cfg.gateClosure()).plusSeconds(1));
        engine.tick();
        assertThat(bodies(sent(), Trade.class)).hasSize(1);
        reopen();
        engine.tick();
        assertThat(bodies(sent(), Trade.class)).isEmpty();
    }

    @Test
    void unsentAnswersSurviveARestart() throws Exception {
        receive(bid("site-1", next(), Side.SELL, 10, 0.05));
        reopen();
        assertThat(bodies(sent(), BidResult.class)).hasSize(1);
    }

    @Test
    void malformedWrongSiteAndUnknownSitePayloadsAreRejectedAndCounted() throws Exception {
        engine.onPayload("cool/v1/sites/site-1/bids", "{not json".getBytes());
        engine.onPayload("cool/v1/sites/site-1/bids", CODEC.encode(bid("site-2", next(), Side.SELL, 1, 0.1)));
        engine.onPayload("cool/v1/sites/site-9/bids", CODEC.encode(bid("site-9", next(), Side.SELL, 1, 0.1)));
        engine.onPayload("cool/v1/sites/site-1/bids", new byte[ProtocolCodec.MAX_PAYLOAD_BYTES + 1]);
        assertThat(engine.rejected()).containsEntry("json", 1L).containsEntry("site", 1L)
                .containsEntry("unknown-site", 1L).containsEntry("maxBytes", 1L);
        assertThat(sent()).isEmpty();
    }

    @Test
    void statusPageShowsSitesBookAndTrades() throws Exception {
        Interval i = next();
        receive(bid("site-1", i, Side.SELL, 10, 0.05));
        String before = StatusPage.render(MarketView.read(cfg, store, engine, now.get()));
        assertThat(before).contains("<svg").contains("site-1").contains("10.0@0.05");
        now.set(i.start().minus(cfg.gateClosure()).plusSeconds(1));
        engine.tick();
        String after = StatusPage.render(MarketView.read(cfg, store, engine, now.get()));
        assertThat(after).contains("<polyline").contains("<h2>Trades</h2>").contains("sell");
    }
}
