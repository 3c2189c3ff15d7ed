package org.thermalcommons.edge.market;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.api.flex.FlexibilityProvider;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.market.protocol.Ack;
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.BidResult;
import org.thermalcommons.edge.market.protocol.Body;
import org.thermalcommons.edge.market.protocol.Clearing;
import org.thermalcommons.edge.market.protocol.Delivery;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.ProtocolException;
import org.thermalcommons.edge.market.protocol.Signal;
import org.thermalcommons.edge.market.protocol.Status;
import org.thermalcommons.edge.market.protocol.Trade;

/**
 * The site's side of the market, off the cycle: bids each interval from the flexibility providers (risk-checked),
 * trades persisted and acknowledged in one transaction, delivery reports after each traded interval, carbon avoided,
 * telemetry, the last grid-stress signal until it expires, and the link mode. Runs on the market thread
 * ({@link #tick}) and on the link's receive thread ({@link #handle}); shared state is in the database or volatile.
 */
final class MarketSession implements Inbox.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(MarketSession.class);

    /** What the session needs to know. */
    record Settings(String site, String version, Duration interval, Duration gateClosure, int bidLeadIntervals,
                    double positionLimitKw, Duration telemetryPeriod, double carbonGPerKwh) {
    }

    private final Settings s;
    private final MarketDb db;
    private final Outbox outbox;
    private final ProtocolCodec codec;
    private final TradeBook book;
    private final DeliveryMeter meter;
    private final MarketPoints points;
    private final Telemetrist telemetrist;
    private final Supplier<List<FlexibilityProvider>> providers;
    private final Supplier<Instant> clock;
    private final RateLimitedLog refusals = RateLimitedLog.perMinute(LOG);
    private volatile Signal signal;
    private volatile boolean linkUp;
    private volatile boolean tradesChanged;
    private Instant lastTelemetry;
    private double carbonKg;
    private double deliveredKwh;
    private long bids;
    private long trades;
    private long refused;

    MarketSession(Settings s, MarketDb db, Outbox outbox, ProtocolCodec codec, TradeBook book, DeliveryMeter meter,
                  MarketPoints points, Telemetrist telemetrist, Supplier<List<FlexibilityProvider>> providers,
                  Supplier<Instant> clock) throws SQLException {
        this.s = s;
        this.db = db;
        this.outbox = outbox;
        this.codec = codec;
        this.book = book;
        this.meter = meter;
        this.points = points;
        this.telemetrist = telemetrist;
        this.providers = providers;
        this.clock = clock;
        db.tx(d -> {
            MarketLedger.createTables(d);
            return null;
        });
        List<Object[]> saved = db.tx(d -> d.query("SELECT key, value FROM state"));
        for (Object[] r : saved) {
            byte[] v = (byte[]) r[1];
            switch ((String) r[0]) {
                case "signal" -> signal = decodeSignal(v);
                case "carbonKg" -> carbonKg = Double.parseDouble(new String(v, java.nio.charset.StandardCharsets.UTF_8));
                case "deliveredKwh" -> deliveredKwh = Double.parseDouble(new String(v,
                        java.nio.charset.StandardCharsets.UTF_8));
                default -> { }
            }
        }
        book.reload(db, clock.get());
        publishPoints(clock.get());
    }

    private Signal decodeSignal(byte[] payload) {
        try {
            return (Signal) codec.decode(payload).body();
        } catch (ProtocolException | ClassCastException e) {
            return null;
        }
    }

    private Envelope<Body> envelope(Body b) {
        return Envelope.of(s.site(), clock.get(), b);
    }

    /** A valid new message from the market, inside the inbox's transaction. */
    @Override
    public void handle(MarketDb d, Envelope<?> m) throws SQLException {
        if (m.body() instanceof Trade t) {
            List<Object[]> bid = d.query("SELECT provider, source FROM bids WHERE id = ?", t.bidId());
            if (bid.isEmpty()) {
                refusals.warn("unknown-bid", "market: trade {} is for bid {} this site did not send; not delivered",
                        t.tradeId(), t.bidId());
                return;
            }
            d.update("INSERT OR IGNORE INTO trades (id, bid_id, provider, source, istart, iend, kw, price)"
                    + " VALUES (?,?,?,?,?,?,?,?)", t.tradeId(), t.bidId(), bid.get(0)[0], bid.get(0)[1],
                    t.interval().start().getEpochSecond(), t.interval().end().getEpochSecond(), t.signedKw(),
                    t.pricePerKwh());
            outbox.enqueue(d, envelope(new Ack(t.tradeId())));
            tradesChanged = true;
            trades++;
            LOG.info("market: won {} {} kW for {} at {} per kWh (trade {})", t.side().wireName(),
                    String.format(java.util.Locale.ROOT, "%.1f", t.kw()), t.interval().start(),
                    String.format(java.util.Locale.ROOT, "%.4f", t.pricePerKwh()), t.tradeId());
        } else if (m.body() instanceof BidResult r) {
            d.update("UPDATE bids SET status = ? WHERE id = ?", r.status().name().toLowerCase(java.util.Locale.ROOT),
                    r.bidId());
            if (r.status() == BidResult.Outcome.REJECTED) {
                refusals.warn("bid-rejected-" + r.reason(), "market: bid {} rejected by the market: {}", r.bidId(),
                        r.reason());
            }
        } else if (m.body() instanceof Signal sig) {
            d.update("INSERT OR REPLACE INTO state VALUES ('signal', ?)", codec.encode(m));
            signal = sig;
        } else if (m.body() instanceof Clearing c) {
            d.update("INSERT OR REPLACE INTO clearings VALUES (?,?,?,?)", c.interval().start().getEpochSecond(),
                    c.interval().end().getEpochSecond(), c.pricePerKwh(), c.volumeKw());
            LOG.info("market: {} cleared at {} per kWh, {} kW", c.interval().start(),
                    String.format(java.util.Locale.ROOT, "%.4f", c.pricePerKwh()),
                    String.format(java.util.Locale.ROOT, "%.1f", c.volumeKw()));
        }
    }

    /** After a received message committed. */
    void afterReceive() throws SQLException {
        if (tradesChanged) {
            tradesChanged = false;
            book.reload(db, clock.get());
        }
    }

    void onLink(boolean up) {
        linkUp = up;
        try {
            if (up) {
                db.tx(d -> {
                    outbox.enqueue(d, envelope(status(Status.State.ONLINE, Status.Mode.MARKET)));
                    return null;
                });
            } else {
                outbox.markBacklog();
            }
        } catch (SQLException e) {
            LOG.warn("market: {}", e.getMessage());
        }
        publishPoints(clock.get());
    }

    Status status(Status.State state, Status.Mode mode) {
        return new Status(state, s.version(), List.of(new Status.BundleInfo("org.thermalcommons.edge.market",
                s.version(), "ACTIVE")), mode);
    }

    /** The grid stress the market last signalled, until the signal expires (then normal). */
    Signal.Stress gridStress(Instant now) {
        Signal sig = signal;
        if (sig == null || (sig.validUntil() != null && !sig.validUntil().isAfter(now))) {
            return Signal.Stress.NORMAL;
        }
        return sig.gridStress();
    }

    boolean autonomous() {
        return !linkUp;
    }

    /** One step on the market thread: bids, telemetry, delivery reports, points. */
    void tick() throws SQLException {
        Instant now = clock.get();
        Duration len = signal != null ? Duration.ofMinutes(signal.intervalMinutes()) : s.interval();
        Duration gate = signal != null ? Duration.ofSeconds(signal.gateClosure()) : s.gateClosure();
        if (linkUp) {
            Interval target = Interval.containing(now, len);
            for (int k = 0; k < s.bidLeadIntervals(); k++) {
                target = target.next();
            }
            bidFor(target, gate, now);
        }
        if (lastTelemetry == null || !now.isBefore(lastTelemetry.plus(s.telemetryPeriod()))) {
            Instant from = lastTelemetry == null ? now.minus(s.telemetryPeriod()) : lastTelemetry;
            lastTelemetry = now;
            Optional<Body> t = telemetrist.telemetry(new Interval(from, now), offersNow(now, len));
            if (t.isPresent()) {
                db.tx(d -> {
                    outbox.enqueue(d, envelope(t.get()));
                    return null;
                });
            }
        }
        for (DeliveryMeter.Reading r : meter.finished(now)) {
            report(r);
        }
        reportUndelivered(now);
        publishPoints(now);
    }

    /** What the providers offer for the next interval (the current one has begun: plans start at the next). */
    private List<FlexibilityOffer> offersNow(Instant now, Duration len) {
        return offers(Interval.containing(now, len).next());
    }

    private List<FlexibilityOffer> offers(Interval i) {
        List<FlexibilityOffer> out = new ArrayList<>();
        for (FlexibilityProvider p : providers.get()) {
            try {
                p.offer(i.start(), i.length()).ifPresent(out::add);
            } catch (RuntimeException e) {
                refusals.warn("provider-" + p.id(), "market: provider {} failed to offer: {}", p.id(), e.toString());
            }
        }
        return out;
    }

    private void bidFor(Interval target, Duration gate, Instant now) throws SQLException {
        long start = target.start().getEpochSecond();
        if (db.tx(d -> d.count("SELECT COUNT(*) FROM state WHERE key = ?", "bid:" + start)) > 0) {
            return;
        }
        Map<String, double[]> won = new HashMap<>();
        for (var c : book.all()) {
            if (c.start().equals(target.start())) {
                double[] w = won.computeIfAbsent(c.providerId(), k -> new double[2]);
                w[c.kw() >= 0 ? 0 : 1] += Math.abs(c.kw());
            }
        }
        BidBuilder.Result r = BidBuilder.build(target, offers(target), now, gate, s.positionLimitKw(), won,
                new double[2]);
        for (BidBuilder.Refusal f : r.refusals()) {
            refused++;
            refusals.warn("risk-" + f.rule(), "market: bid for {} by {} limited by risk check {}: {}",
                    target.start(), f.providerId(), f.rule(), f.detail());
        }
        db.tx(d -> {
            for (BidBuilder.Planned p : r.bids()) {
                Envelope<Body> e = envelope(p.bid());
                Bid b = p.bid();
                d.update("INSERT INTO bids VALUES (?,?,?,?,?,?,'sent')", e.id(), p.providerId(), b.source(), start,
                        b.side().wireName(), b.totalKw());
                outbox.enqueue(d, e);
            }
            d.update("INSERT OR REPLACE INTO state VALUES (?, X'01')", "bid:" + start);
            return null;
        });
        bids += r.bids().size();
        if (!r.bids().isEmpty()) {
            LOG.info("market: {} bid(s) for {}", r.bids().size(), target.start());
        }
    }

    /**
     * Trades whose interval is over (by {@link #LATE_GRACE}) and that the delivery controller never metered, e.g. won
     * too late (the trade arrived after its interval): reported as committed with 0 kW delivered.
     */
    private void reportUndelivered(Instant now) throws SQLException {
        List<Object[]> rows = db.tx(d -> d.query("SELECT istart, iend, GROUP_CONCAT(id), SUM(kw) FROM trades"
                + " WHERE reported = 0 AND iend <= ? GROUP BY istart, iend", now.minus(LATE_GRACE).getEpochSecond()));
        for (Object[] r : rows) {
            Instant start = Instant.ofEpochSecond(((Number) r[0]).longValue());
            List<String> ids = List.of(((String) r[2]).split(","));
            refusals.warn("undelivered", "market: trade(s) {} for {} never delivered (won after the interval or not"
                    + " metered); reported with 0 kW delivered", ids, start);
            report(new DeliveryMeter.Reading(start, Instant.ofEpochSecond(((Number) r[1]).longValue()),
                    ((Number) r[3]).doubleValue(), 0, 0, ids));
        }
    }

    /** How long after an interval a trade the meter never saw is reported as undelivered. */
    static final Duration LATE_GRACE = Duration.ofMinutes(5);

    private void report(DeliveryMeter.Reading r) throws SQLException {
        if (db.tx(d -> d.count("SELECT COUNT(*) FROM trades WHERE istart = ? AND reported = 0",
                r.start().getEpochSecond())) == 0) {
            return; // already reported (a cycle metered a moment after the interval was closed)
        }
        double hours = Duration.between(r.start(), r.end()).toSeconds() / 3600.0;
        double kwh = Math.max(0, r.deliveredKw()) * hours;
        double intensity = carbonIntensity(r.start());
        db.tx(d -> {
            outbox.enqueue(d, envelope(new Delivery(new Interval(r.start(), r.end()), r.tradeIds(), r.committedKw(),
                    r.deliveredKw(), r.baselineKw())));
            d.update("UPDATE trades SET reported = 1 WHERE istart = ?", r.start().getEpochSecond());
            d.update("INSERT OR REPLACE INTO deliveries VALUES (?,?,?,?,?,?)", r.start().getEpochSecond(),
                    r.end().getEpochSecond(), r.committedKw(), r.deliveredKw(), r.baselineKw(), kwh * intensity / 1000.0);
            carbonKg += kwh * intensity / 1000.0;
            deliveredKwh += kwh;
            d.update("INSERT OR REPLACE INTO state VALUES ('carbonKg', ?)", bytes(carbonKg));
            d.update("INSERT OR REPLACE INTO state VALUES ('deliveredKwh', ?)", bytes(deliveredKwh));
            return null;
        });
        LOG.info("market: delivered {} kW of {} kW committed for {} (baseline {} kW)",
                String.format(java.util.Locale.ROOT, "%.1f", r.deliveredKw()),
                String.format(java.util.Locale.ROOT, "%.1f", r.committedKw()), r.start(),
                String.format(java.util.Locale.ROOT, "%.1f", r.baselineKw()));
    }

    private static byte[] bytes(double v) {
        return Double.toString(v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private double carbonIntensity(Instant t) {
        Signal sig = signal;
        if (sig != null) {
            for (Signal.Forecast f : sig.forecast()) {
                if (!t.isBefore(f.start()) && t.isBefore(f.end())) {
                    return f.carbonGPerKwh();
                }
            }
        }
        return s.carbonGPerKwh();
    }

    private void publishPoints(Instant now) {
        points.set(MarketPoints.GRID_STRESS, gridStress(now).ordinal(), Unit.STATE, now);
        points.set(MarketPoints.AUTONOMOUS, autonomous() ? 1 : 0, Unit.BOOLEAN, now);
        points.set(MarketPoints.CARBON_AVOIDED, carbonKg, Unit.KILOGRAM_CO2, now);
        points.set(MarketPoints.ENERGY_DELIVERED, deliveredKwh, Unit.KILOWATT_HOUR, now);
    }

    /** The last signal's forecast (empty without a signal). */
    List<Signal.Forecast> forecast() {
        Signal sig = signal;
        return sig == null || sig.forecast() == null ? List.of() : sig.forecast();
    }

    long bidsSent() {
        return bids;
    }

    long tradesWon() {
        return trades;
    }

    long riskRefusals() {
        return refused;
    }
}
