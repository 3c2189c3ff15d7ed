package org.thermalcommons.edge.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.flex.CostStep;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.api.flex.FlexibilityProvider;
import org.thermalcommons.edge.api.market.MarketActivity;
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.BidResult;
import org.thermalcommons.edge.market.protocol.Clearing;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.protocol.Trade;

/** What the console reads from the market ({@link MarketActivity}): bids, results, trades, clearings, deliveries. */
class MarketLedgerTest {
    private static final Duration LEN = Duration.ofMinutes(15);
    private final AtomicReference<Instant> now = new AtomicReference<>(Fixtures.T0);
    @TempDir
    Path dir;
    private MarketDb db;
    private Outbox outbox;
    private TradeBook book;
    private DeliveryMeter meter;
    private MarketSession session;
    private Inbox inbox;

    private final FlexibilityProvider battery = new FlexibilityProvider() {
        @Override
        public String id() {
            return "bess";
        }

        @Override
        public Optional<FlexibilityOffer> offer(Instant start, Duration length) {
            return Optional.of(new FlexibilityOffer("bess", "bess", start, start.plus(length), length,
                    List.of(new CostStep(15, 0.1)), List.of(new CostStep(10, 0.02))));
        }
    };

    @BeforeEach
    void open() throws Exception {
        db = new MarketDb(dir.resolve("market.db"));
        outbox = new Outbox(db, Fixtures.CODEC, 10_000, 1 << 24);
        book = new TradeBook();
        meter = new DeliveryMeter();
        session = new MarketSession(new MarketSession.Settings("site-1", "0.1.0", LEN, Duration.ofMinutes(5), 2, 100,
                Duration.ofSeconds(60), 400), db, outbox, Fixtures.CODEC, book, meter, new MarketPoints(), new Telemetrist(),
                () -> List.of(battery), now::get);
        inbox = new Inbox(db, Fixtures.CODEC, "site-1", session, now::get);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void fromMarket(Envelope<?> m) throws Exception {
        inbox.receive(Topics.topicFor(m.type(), m.site()), Fixtures.CODEC.encode(m));
        session.afterReceive();
    }

    @Test
    void bidsResultsTradesClearingsAndDeliveriesAreReadBackNewestFirst() throws Exception {
        MarketLedger ledger = new MarketLedger(db);
        session.onLink(true);
        session.tick();
        List<MarketActivity.BidRecord> bids = ledger.bids(Instant.EPOCH, 10);
        assertThat(bids).hasSize(2).allSatisfy(b -> assertThat(b.status()).isEqualTo("sent"));
        MarketActivity.BidRecord sell = bids.stream().filter(b -> b.side().equals("sell")).findFirst().orElseThrow();
        Interval i = new Interval(sell.intervalStart(), sell.intervalStart().plus(LEN));

        MarketActivity.BidRecord buy = bids.stream().filter(b -> b.side().equals("buy")).findFirst().orElseThrow();
        fromMarket(Envelope.of("site-1", now.get(), new BidResult(buy.id(), BidResult.Outcome.REJECTED, "price")));
        fromMarket(Envelope.of("site-1", now.get(), new BidResult(sell.id(), BidResult.Outcome.ACCEPTED, null)));
        fromMarket(Envelope.of("site-1", now.get(), new Trade("t-1", sell.id(), i, Side.SELL, 12, 0.15)));
        fromMarket(Envelope.of("market", now.get(), new Clearing(i, 0.15, 340)));
        assertThat(ledger.bids(Instant.EPOCH, 10)).extracting(MarketActivity.BidRecord::status)
                .containsExactlyInAnyOrder("accepted", "rejected");
        assertThat(ledger.trades(Instant.EPOCH, 10)).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("t-1");
            assertThat(t.kw()).isEqualTo(12);
            assertThat(t.pricePerKwh()).isEqualTo(0.15);
            assertThat(t.reported()).isFalse();
        });
        assertThat(ledger.clearings(Instant.EPOCH, 10)).containsExactly(new MarketActivity.ClearingRecord(i.start(), i.end(), 0.15, 340));

        DeliveryController controller = new DeliveryController(book, meter);
        for (int s = 0; s < 900; s += 60) {
            controller.run(new FakeContext(i.start().plusSeconds(s), 32, 31));
        }
        controller.run(new FakeContext(i.end(), 20, 20));
        now.set(i.end().plusSeconds(1));
        session.tick();
        assertThat(ledger.deliveries(Instant.EPOCH, 10)).singleElement().satisfies(d -> {
            assertThat(d.committedKw()).isEqualTo(12);
            assertThat(d.deliveredKw()).isCloseTo(11, within(1e-9));
            assertThat(d.carbonAvoidedKg()).as("2.75 kWh at 400 g/kWh").isCloseTo(1.1, within(1e-9));
        });
        assertThat(ledger.trades(Instant.EPOCH, 10)).singleElement().satisfies(t -> assertThat(t.reported()).isTrue());
        assertThat(ledger.bids(i.start().plusSeconds(1), 10)).as("only intervals from the given start")
                .extracting(MarketActivity.BidRecord::id).doesNotContain(sell.id(), buy.id());
    }
}
