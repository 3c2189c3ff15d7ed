package org.thermalcommons.edge.centralmarket;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.centralmarket.Auction.Fill;
import org.thermalcommons.edge.centralmarket.Auction.Order;
import org.thermalcommons.edge.market.protocol.Ack;
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.BidCancel;
import org.thermalcommons.edge.market.protocol.BidResult;
import org.thermalcommons.edge.market.protocol.Body;
import org.thermalcommons.edge.market.protocol.Clearing;
import org.thermalcommons.edge.market.protocol.Delivery;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.ProtocolException;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Signal;
import org.thermalcommons.edge.market.protocol.Status;
import org.thermalcommons.edge.market.protocol.Telemetry;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.protocol.Trade;

/**
 * The market's rules. Every received message is decoded and validated, then handled in one transaction with its
 * id recorded (a redelivered id is dropped, also after a restart) and the answers it causes queued in the outbox.
 * {@link #tick} clears every interval whose gate has closed and publishes the signal once per interval.
 * Thread-safe: message handling and ticks are serialised on this object.
 */
public final class MarketEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MarketEngine.class);
    private static final int FORECAST_INTERVALS = 8;

    private final MarketConfig cfg;
    private final MarketStore store;
    private final ProtocolCodec codec;
    private final Supplier<Instant> clock;
    private final StressScenario scenario;
    private final Aggregator aggregator;
    private final Runnable wake;
    private final RateLimitedLog rejections = RateLimitedLog.perMinute(LOG);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private Instant lastSignal;
    /** The last bid's arrival number; -1 until read from the database. */
    private long lastBidSeq = -1;

    MarketEngine(MarketConfig cfg, MarketStore store, ProtocolCodec codec, Supplier<Instant> clock,
                 StressScenario scenario, Aggregator aggregator, Runnable wake) {
        this.cfg = cfg;
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        this.scenario = scenario;
        this.aggregator = aggregator;
        this.wake = wake;
    }

    /** A payload from the broker: validated, deduplicated, persisted and acted upon before this returns. */
    public void onPayload(String topic, byte[] payload) throws SQLException {
        onPayloads(List.of(new Incoming(topic, payload)));
    }

    /** A received message. */
    public record Incoming(String topic, byte[] payload) {
    }

    /**
     * Payloads from the broker, in arrival order: each validated (a bad one is rejected and counted), then all valid
     * ones deduplicated, persisted and acted upon in one transaction (a group commit), before this returns.
     */
    public void onPayloads(List<Incoming> batch) throws SQLException {
        commit(validate(batch));
    }

    /**
     * The first half of {@link #onPayloads}, which needs no lock and no database (the link runs it on its own thread,
     * while the previous batch commits): the messages that passed the boundary checks, in arrival order.
     */
    List<Envelope<?>> validate(List<Incoming> batch) {
        List<Envelope<?>> valid = new ArrayList<>(batch.size());
        for (Incoming in : batch) {
            received.incrementAndGet();
            Envelope<?> m = check(in.topic(), in.payload());
            if (m != null) {
                valid.add(m);
            }
        }
        return valid;
    }

    /** The second half: validated messages deduplicated, persisted and acted upon in one transaction. */
    void commit(List<Envelope<?>> valid) throws SQLException {
        if (valid.isEmpty()) {
            return;
        }
        synchronized (this) {
            int fresh = store.tx(() -> {
                int n = 0;
                for (Envelope<?> m : valid) {
                    if (store.markProcessed(m.id(), m.site(), m.type().wireName(), clock.get())) {
                        handle(m);
                        n++;
                    }
                }
                return n;
            });
            duplicates.addAndGet(valid.size() - fresh);
        }
        wake.run();
    }

    /** The decoded message, or null when it is rejected (counted by rule, logged rate-limited). */
    private Envelope<?> check(String topic, byte[] payload) {
        Envelope<?> m;
        try {
            m = codec.decode(topic, payload);
        } catch (ProtocolException e) {
            reject(topic, e.rule(), e.getMessage());
            return null;
        }
        if (!cfg.sites().containsKey(m.site())) {
            reject(topic, "unknown-site", "site " + m.site() + " is not listed in this zone's configuration");
            return null;
        }
        if (!Topics.parse(topic).flatMap(Topics.Parsed::siteTopic).map(Topics.SiteTopic::fromEdge).orElse(false)) {
            reject(topic, "topic", m.type().wireName() + " is not sent by a site");
            return null;
        }
        return m;
    }

    private void reject(String topic, String rule, String message) {
        rejected.computeIfAbsent(rule, k -> new AtomicLong()).incrementAndGet();
        rejections.warn(rule, "rejected a message on {}: {}", topic, message);
    }

    private void handle(Envelope<?> m) throws SQLException {
        Body b = m.body();
        Instant now = clock.get();
        if (b instanceof Bid bid) {
            String reason = checkBid(bid, now);
            if (reason == null) {
                long seq = nextBidSeq();
                store.update("INSERT INTO bids VALUES (?,?,?,?,?,?,?,?,?,'open')", m.id(), m.site(),
                        bid.interval().start().getEpochSecond(), bid.interval().end().getEpochSecond(),
                        bid.side().wireName(), Steps.format(bid.steps()), bid.source(),
                        bid.validUntil().getEpochSecond(), seq);
                send(m.site(), BidResult.accepted(m.id()));
            } else {
                send(m.site(), BidResult.rejected(m.id(), reason));
            }
        } else if (b instanceof BidCancel cancel) {
            List<Object[]> row = store.query("SELECT istart, state FROM bids WHERE id = ? AND site = ?",
                    cancel.bidId(), m.site());
            if (row.isEmpty() || !"open".equals(row.get(0)[1])) {
                send(m.site(), BidResult.rejected(cancel.bidId(), "unknown-bid"));
            } else if (now.isAfter(Instant.ofEpochSecond(((Number) row.get(0)[0]).longValue())
                    .minus(cfg.gateClosure()))) {
                send(m.site(), BidResult.rejected(cancel.bidId(), BidResult.GATE_CLOSED));
            } else {
                store.update("UPDATE bids SET state = 'cancelled' WHERE id = ?", cancel.bidId());
                send(m.site(), BidResult.accepted(cancel.bidId()));
            }
        } else if (b instanceof Ack ack) {
            store.update("UPDATE trades SET acked = 1 WHERE id = ? AND site = ?", ack.tradeId(), m.site());
        } else if (b instanceof Delivery d) {
            store.update("INSERT INTO deliveries VALUES (?,?,?,?,?,?,?)", m.id(), m.site(),
                    d.interval().start().getEpochSecond(), d.committedKw(), d.deliveredKw(), d.baselineKw(),
                    String.join(",", d.tradeIds()));
        } else if (b instanceof Status s) {
            store.update("INSERT INTO sites (site, state, mode, version, seen) VALUES (?,?,?,?,?) ON CONFLICT(site)"
                    + " DO UPDATE SET state = excluded.state, mode = excluded.mode, version = excluded.version,"
                    + " seen = excluded.seen", m.site(), s.state().name().toLowerCase(java.util.Locale.ROOT),
                    s.mode().name().toLowerCase(java.util.Locale.ROOT), s.version(), m.ts().getEpochSecond());
        } else if (b instanceof Telemetry t && !Boolean.TRUE.equals(t.historical())) {
            store.update("INSERT INTO sites (site, seen, load_kw, flex_up, flex_down, soc) VALUES (?,?,?,?,?,?)"
                    + " ON CONFLICT(site) DO UPDATE SET seen = excluded.seen, load_kw = excluded.load_kw,"
                    + " flex_up = excluded.flex_up, flex_down = excluded.flex_down, soc = excluded.soc", m.site(),
                    m.ts().getEpochSecond(), t.loadKw(), t.flexibilityKw().up(), t.flexibilityKw().down(),
                    t.socPercent());
        }
    }

    /** Arrival order of bids: read once, then counted here (a rolled-back number leaves a gap, which is harmless). */
    private long nextBidSeq() throws SQLException {
        if (lastBidSeq < 0) {
            lastBidSeq = store.longQuery("SELECT COALESCE(MAX(seq), 0) FROM bids");
        }
        return ++lastBidSeq;
    }

    private String checkBid(Bid bid, Instant now) throws SQLException {
        Interval i = bid.interval();
        if (!i.alignedTo(cfg.interval())) {
            return "misaligned-interval";
        }
        if (store.longQuery("SELECT COUNT(*) FROM clearings WHERE istart = ?", i.start().getEpochSecond()) > 0
                || !i.end().isAfter(now)) {
            return BidResult.INTERVAL_CLOSED;
        }
        if (now.isAfter(i.start().minus(cfg.gateClosure()))) {
            return BidResult.GATE_CLOSED;
        }
        if (!bid.validUntil().isAfter(now)) {
            return "expired";
        }
        return null;
    }

    private void send(String site, Body body) throws SQLException {
        Envelope<Body> e = Envelope.of(site, clock.get(), body);
        store.enqueue(Topics.topicFor(e.type(), site), codec.encode(e), Topics.retained(e.type()));
    }

    private void broadcast(Body body) throws SQLException {
        Envelope<Body> e = Envelope.of(cfg.zone(), clock.get(), body);
        store.enqueue(Topics.topicFor(e.type(), cfg.zone()), codec.encode(e), Topics.retained(e.type()));
    }

    /** Publishes the signal when a new interval starts and clears every interval whose gate has closed. */
    public synchronized void tick() throws SQLException {
        Instant now = clock.get();
        Interval current = Interval.containing(now, cfg.interval());
        if (!current.start().equals(lastSignal)) {
            store.tx(() -> {
                broadcast(signal(now, current));
                return null;
            });
            lastSignal = current.start();
        }
        Interval closing = Interval.containing(now.plus(cfg.gateClosure()), cfg.interval());
        List<Long> due = new ArrayList<>();
        for (Object[] r : store.tx(() -> store.query("SELECT DISTINCT istart FROM bids WHERE state = 'open'"
                + " AND istart <= ? ORDER BY istart", closing.start().getEpochSecond()))) {
            due.add(((Number) r[0]).longValue());
        }
        if (!due.contains(closing.start().getEpochSecond())) {
            due.add(closing.start().getEpochSecond());
        }
        for (long start : due) {
            Interval i = new Interval(Instant.ofEpochSecond(start), Instant.ofEpochSecond(start)
                    .plus(cfg.interval()));
            store.tx(() -> {
                clear(i, now);
                return null;
            });
        }
        wake.run();
    }

    Signal signal(Instant now, Interval current) {
        List<Signal.Forecast> forecast = new ArrayList<>();
        Interval i = current;
        for (int k = 0; k < FORECAST_INTERVALS; k++, i = i.next()) {
            forecast.add(new Signal.Forecast(i.start(), i.end(), aggregator.priceAt(scenario.at(i.start())),
                    scenario.carbonGPerKwh(i.start())));
        }
        return new Signal(scenario.at(now), (int) cfg.interval().toMinutes(), (int) cfg.gateClosure().toSeconds(),
                forecast, now.plus(cfg.signalValidity()));
    }

    private void clear(Interval i, Instant now) throws SQLException {
        long start = i.start().getEpochSecond();
        if (store.longQuery("SELECT COUNT(*) FROM clearings WHERE istart = ?", start) > 0) {
            return;
        }
        Instant gate = i.start().minus(cfg.gateClosure());
        if (!i.end().isAfter(now)) {
            store.update("UPDATE bids SET state = 'expired' WHERE istart = ? AND state = 'open'", start);
            return;
        }
        List<Order> orders = new ArrayList<>();
        Map<String, String> siteOf = new LinkedHashMap<>();
        for (Object[] r : store.query("SELECT id, site, side, steps, seq FROM bids WHERE istart = ? AND state = 'open'"
                + " AND valid_until >= ?", start, gate.getEpochSecond())) {
            String id = (String) r[0];
            siteOf.put(id, (String) r[1]);
            Side side = "sell".equals(r[2]) ? Side.SELL : Side.BUY;
            long seq = ((Number) r[4]).longValue() * 100;
            int k = 0;
            for (var st : Steps.parse((String) r[3])) {
                orders.add(new Order(id, (String) r[1], k, side, st.kw(), st.pricePerKwh(), seq + k++));
            }
        }
        Signal.Stress stress = scenario.at(i.start());
        orders.addAll(aggregator.orders(i, stress, Long.MAX_VALUE / 2));
        Auction.Result result = Auction.clear(orders);
        double price = result.price().orElse(aggregator.priceAt(stress));
        store.update("INSERT INTO clearings VALUES (?,?,?,?,?)", start, i.end().getEpochSecond(),
                result.price().isPresent() ? price : null, result.volume(), stress.name().toLowerCase(
                        java.util.Locale.ROOT));
        store.update("UPDATE bids SET state = 'cleared' WHERE istart = ? AND state = 'open'", start);
        Map<String, double[]> perBid = new LinkedHashMap<>();
        Map<String, Side> sideOf = new LinkedHashMap<>();
        for (Fill f : result.fills()) {
            if (!Aggregator.SITE.equals(f.order().site())) {
                perBid.computeIfAbsent(f.order().bidId(), k -> new double[1])[0] += f.kw();
                sideOf.put(f.order().bidId(), f.order().side());
            }
        }
        for (var e : perBid.entrySet()) {
            String site = siteOf.get(e.getKey());
            Trade t = new Trade("t-" + UUID.randomUUID(), e.getKey(), i, sideOf.get(e.getKey()), e.getValue()[0],
                    price);
            store.update("INSERT INTO trades (id, bid_id, site, istart, iend, side, kw, price) VALUES"
                    + " (?,?,?,?,?,?,?,?)", t.tradeId(), t.bidId(), site, start, i.end().getEpochSecond(),
                    t.side().wireName(), t.kw(), t.pricePerKwh());
            send(site, t);
        }
        broadcast(new Clearing(i, price, result.volume()));
        LOG.info("cleared {} ({}): {} kW at {} per kWh, {} trades", i.start(), stress.name().toLowerCase(
                java.util.Locale.ROOT), String.format(java.util.Locale.ROOT, "%.1f", result.volume()),
                String.format(java.util.Locale.ROOT, "%.4f", price), perBid.size());
    }

    long received() {
        return received.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    Map<String, Long> rejected() {
        Map<String, Long> out = new LinkedHashMap<>();
        rejected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    Duration interval() {
        return cfg.interval();
    }
}
