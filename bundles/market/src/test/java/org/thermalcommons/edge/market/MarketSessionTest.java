package org.thermalcommons.edge.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.thermalcommons.edge.market.protocol.Ack;
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.Delivery;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.MessageType;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Signal;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.protocol.Trade;

/** The site's market logic end to end without a broker: offers, bids, a trade, delivery by the cycle, report. */
class MarketSessionTest {
    private static final Duration LEN = Duration.ofMinutes(15);
    private final AtomicReference<Instant> now = new AtomicReference<>(Fixtures.T0);
    @TempDir
    Path dir;
    private MarketDb db;
    private Outbox outbox;
    private TradeBook book;
    private DeliveryMeter meter;
    private MarketPoints points;
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
        points = new MarketPoints();
        session = new MarketSession(new MarketSession.Settings("site-1", "0.1.0", LEN, Duration.ofMinutes(5), 2, 100,
                Duration.ofSeconds(60), 400), db, outbox, Fixtures.CODEC, book, meter, points, new Telemetrist(),
                () -> List.of(battery), now::get);
        inbox = new Inbox(db, Fixtures.CODEC, "site-1", session, now::get);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private List<Envelope<?>> drain() throws Exception {
        List<Envelope<?>> out = new ArrayList<>();
        for (Outbox.Row r : outbox.next(false, 0, 1000)) {
            out.add(Fixtures.CODEC.decode(r.topic(), r.payload()));
            outbox.sent(List.of(r.seq()));
        }
        return out;
    }

    private void fromMarket(Envelope<?> m) throws Exception {
        inbox.receive(Topics.topicFor(m.type(), m.site()), Fixtures.CODEC.encode(m));
        session.afterReceive();
    }

    @Test
    void wonTradeIsAckedDeliveredAtMarketPriorityAndReported() throws Exception {
        session.onLink(true);
        session.tick();
        List<Envelope<?>> out = drain();
        assertThat(out).extracting(Envelope::type).contains(MessageType.STATUS, MessageType.BID);
        Envelope<?> sell = out.stream().filter(e -> e.body() instanceof Bid b && b.side() == Side.SELL).findFirst()
                .orElseThrow();
        Interval i = ((Bid) sell.body()).interval();
        assertThat(i).isEqualTo(Interval.containing(now.get(), LEN).next().next());
        session.tick();
        assertThat(drain()).extracting(Envelope::type).doesNotContain(MessageType.BID);

        Envelope<Trade> trade = Envelope.of("site-1", now.get(), new Trade("t-1", sell.id(), i, Side.SELL, 12, 0.15));
        fromMarket(trade);
        fromMarket(trade); // redelivered: dropped
        assertThat(inbox.duplicates()).isEqualTo(1);
        assertThat(drain().stream().map(e -> (Object) e.body()).toList()).containsExactly(new Ack("t-1"));
        assertThat(book.commitments("bess", now.get())).singleElement().satisfies(c -> assertThat(c.kw()).isEqualTo(12));

        DeliveryController controller = new DeliveryController(book, meter);
        FakeContext before = new FakeContext(i.start().minusSeconds(1), 20, 20);
        controller.run(before);
        assertThat(before.requests).isEmpty();
        for (int s = 0; s < 900; s += 60) {
            // the dispatcher plans its 20 kW baseline plus the 12 kW commitment; the controller holds that, never adds again
            FakeContext during = new FakeContext(i.start().plusSeconds(s), 32, 31);
            controller.run(during);
            assertThat(during.requests).containsEntry(FakeContext.SETPOINT, 32.0);
        }
        FakeContext after = new FakeContext(i.end(), 20, 20);
        controller.run(after);
        assertThat(after.requests).isEmpty();

        now.set(i.end().plusSeconds(1));
        session.tick();
        Delivery d = drain().stream().map(Envelope::body).filter(Delivery.class::isInstance).map(Delivery.class::cast)
                .findFirst().orElseThrow();
        assertThat(d.tradeIds()).containsExactly("t-1");
        assertThat(d.committedKw()).isEqualTo(12.0);
        assertThat(d.deliveredKw()).isCloseTo(11.0, within(1e-9));
        assertThat(d.baselineKw()).isEqualTo(20.0);
        // 11 kW for 15 min = 2.75 kWh at the configured 400 g/kWh = 1.1 kg
        assertThat(points.latestValues().get(MarketPoints.CARBON_AVOIDED).value()).isCloseTo(1.1, within(1e-9));
        assertThat(points.latestValues().get(MarketPoints.CARBON_AVOIDED).unit())
                .isEqualTo(org.thermalcommons.edge.api.point.Unit.KILOGRAM_CO2);
        assertThat(points.points()).filteredOn(p -> p.id().equals(MarketPoints.CARBON_AVOIDED))
                .extracting(org.thermalcommons.edge.api.point.PointDefinition::unit)
                .containsExactly(org.thermalcommons.edge.api.point.Unit.KILOGRAM_CO2);
    }

    @Test
    void aTradeWonTooLateToDeliverIsReportedOnceWithNothingDelivered() throws Exception {
        session.onLink(true);
        session.tick();
        Envelope<?> sell = drain().stream().filter(e -> e.body() instanceof Bid b && b.side() == Side.SELL)
                .findFirst().orElseThrow();
        Interval i = ((Bid) sell.body()).interval();
        now.set(i.end().plusSeconds(1)); // the trade arrives after its interval (it waited at a stopped broker)
        fromMarket(Envelope.of("site-1", now.get(), new Trade("t-late", sell.id(), i, Side.SELL, 8, 0.2)));
        drain();
        session.tick();
        assertThat(drain()).noneMatch(e -> e.body() instanceof Delivery); // within the grace: the meter may report
        now.set(i.end().plus(MarketSession.LATE_GRACE).plusSeconds(1));
        session.tick();
        List<Delivery> reports = drain().stream().map(Envelope::body).filter(Delivery.class::isInstance)
                .map(Delivery.class::cast).toList();
        assertThat(reports).singleElement().satisfies(d -> {
            assertThat(d.tradeIds()).containsExactly("t-late");
            assertThat(d.committedKw()).isEqualTo(8.0);
            assertThat(d.deliveredKw()).isZero();
        });
        session.tick();
        assertThat(drain()).noneMatch(e -> e.body() instanceof Delivery);
    }

    @Test
    void tradesSurviveARestartAndStayCommitments() throws Exception {
        session.onLink(true);
        session.tick();
        Envelope<?> sell = drain().stream().filter(e -> e.body() instanceof Bid).findFirst().orElseThrow();
        Interval i = ((Bid) sell.body()).interval();
        fromMarket(Envelope.of("site-1", now.get(), new Trade("t-9", sell.id(), i, Side.SELL, 5, 0.2)));
        db.close();
        open();
        assertThat(book.commitments("bess", now.get())).extracting(c -> c.tradeId()).containsExactly("t-9");
    }

    @Test
    void gridStressHoldsUntilTheSignalExpiresThenNormal() throws Exception {
        fromMarket(Envelope.of("zone-1", now.get(), new Signal(Signal.Stress.HIGH, 15, 300, List.of(),
                now.get().plusSeconds(600))));
        session.tick();
        assertThat(points.latestValues().get(MarketPoints.GRID_STRESS).value()).isEqualTo(2.0);
        now.set(now.get().plusSeconds(601));
        session.tick();
        assertThat(points.latestValues().get(MarketPoints.GRID_STRESS).value()).isEqualTo(0.0);
    }

    @Test
    void noBidsWhileAutonomous() throws Exception {
        session.onLink(false);
        session.tick();
        assertThat(session.autonomous()).isTrue();
        assertThat(outbox.next(false, 0, 100)).isEmpty();
        assertThat(points.latestValues().get(MarketPoints.AUTONOMOUS).value()).isEqualTo(1.0);
    }
}
