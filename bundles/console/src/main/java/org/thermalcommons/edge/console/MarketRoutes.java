package org.thermalcommons.edge.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.market.MarketActivity;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.Route;

/**
 * The market as the console shows it, from what the market bundle publishes: its {@link MarketActivity} service (link,
 * outbox, bids, trades, clearing prices, delivery reports, forecast) and its points (carbon avoided, cumulative). The
 * link is {@code market} (up), {@code autonomous} (down, delivering what was won) or {@code offline} (the market's
 * points are there but its service is not); without either the market is absent.
 */
final class MarketRoutes {
    static final Role CARBON_AVOIDED = new Role("Carbon_Avoided_Mass_kg");
    static final Role AUTONOMOUS = new Role("Market_Autonomous_Mode");
    static final Duration WINDOW = Duration.ofDays(7);
    static final int ROWS = 200;

    private final Gateway gateway;
    private final java.util.function.Supplier<PointSnapshot> snapshot;

    MarketRoutes(Gateway gateway, java.util.function.Supplier<PointSnapshot> snapshot) {
        this.gateway = gateway;
        this.snapshot = snapshot;
    }

    List<Route> routes() {
        return List.of(Route.get("/market", ConsoleRole.VIEWER, c -> market()));
    }

    /** The overview's market block: link, outbox, carbon today and in total, the latest trades. */
    Map<String, Object> summary() {
        PointSnapshot snap = snapshot.get();
        Optional<MarketActivity> m = gateway.market();
        boolean points = !snap.withRole(AUTONOMOUS).isEmpty() || !snap.withRole(CARBON_AVOIDED).isEmpty();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("present", m.isPresent() || points);
        if (m.isEmpty() && !points) {
            return out;
        }
        out.put("link", m.map(a -> a.linkUp() ? "market" : "autonomous").orElse("offline"));
        m.flatMap(MarketActivity::downSince).ifPresent(t -> out.put("downSince", t.toEpochMilli()));
        m.ifPresent(a -> out.put("outboxDepth", a.outboxDepth()));
        carbon(snap).ifPresent(c -> out.put("carbon", c));
        m.ifPresent(a -> out.put("trades", a.trades(snap.takenAt().minus(WINDOW), 10).stream().map(MarketRoutes::trade).toList()));
        return out;
    }

    private Map<String, Object> market() {
        Map<String, Object> out = summary();
        Optional<MarketActivity> m = gateway.market();
        if (m.isEmpty()) {
            return out;
        }
        MarketActivity a = m.get();
        Instant now = snapshot.get().takenAt();
        Instant from = now.minus(WINDOW);
        List<MarketActivity.BidRecord> bids = a.bids(from, ROWS);
        List<MarketActivity.TradeRecord> trades = a.trades(from, ROWS);
        out.put("bids", bids.stream().map(MarketRoutes::bid).toList());
        out.put("trades", trades.stream().map(MarketRoutes::trade).toList());
        out.put("clearings", a.clearings(from, ROWS).stream().map(c -> Map.of("start", c.start().toEpochMilli(),
                "end", c.end().toEpochMilli(), "pricePerKwh", c.pricePerKwh(), "volumeKw", c.volumeKw())).toList());
        out.put("deliveries", a.deliveries(from, ROWS).stream().map(d -> Map.of("start", d.start().toEpochMilli(),
                "end", d.end().toEpochMilli(), "committedKw", d.committedKw(), "deliveredKw", d.deliveredKw(),
                "baselineKw", d.baselineKw(), "carbonAvoidedKg", d.carbonAvoidedKg())).toList());
        out.put("forecast", forecast(a));
        out.put("success", success(bids, trades, now));
        return out;
    }

    static List<Map<String, Object>> forecast(MarketActivity a) {
        return a.forecast().stream().map(f -> Map.<String, Object>of("start", f.start().toEpochMilli(), "end",
                f.end().toEpochMilli(), "pricePerKwh", f.pricePerKwh(), "carbonGPerKwh", f.carbonGPerKwh())).toList();
    }

    /**
     * Bid success rate over the window: of the bids whose interval has started (decided), the share that won a trade.
     */
    static Map<String, Object> success(List<MarketActivity.BidRecord> bids, List<MarketActivity.TradeRecord> trades, Instant now) {
        Set<String> won = new HashSet<>();
        trades.forEach(t -> won.add(t.bidId()));
        long decided = bids.stream().filter(b -> !b.intervalStart().isAfter(now)).count();
        long wins = bids.stream().filter(b -> !b.intervalStart().isAfter(now) && won.contains(b.id())).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decided", decided);
        m.put("won", wins);
        m.put("rate", decided == 0 ? null : (double) wins / decided);
        return m;
    }

    /** Carbon avoided in total (the market's cumulative point) and today (UTC day of the gateway clock) from history. */
    private Optional<Map<String, Object>> carbon(PointSnapshot snap) {
        Optional<PointDefinition> d = snap.withRole(CARBON_AVOIDED).stream().findFirst();
        Optional<PointValue> v = d.flatMap(x -> snap.value(x.id()));
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", d.get().id().toString());
        m.put("totalKg", v.get().value());
        m.put("quality", v.get().quality().name());
        Instant today = snap.takenAt().atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        gateway.store().ifPresent(s -> {
            try {
                List<Bucket> days = s.buckets(d.get().id(), today.minus(Duration.ofDays(1)), today.plus(Duration.ofDays(1)),
                        Resolution.DAY).buckets();
                Optional<Bucket> before = days.stream().filter(b -> b.start().isBefore(today)).reduce((a, b) -> b);
                Optional<Bucket> now = days.stream().filter(b -> !b.start().isBefore(today)).findFirst();
                double start = before.map(Bucket::last).orElse(now.map(Bucket::min).orElse(v.get().value()));
                m.put("todayKg", Math.max(0, v.get().value() - start));
            } catch (RuntimeException e) {
                m.put("todayKg", null);
            }
        });
        return Optional.of(m);
    }

    static Map<String, Object> bid(MarketActivity.BidRecord b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("provider", b.providerId());
        m.put("interval", b.intervalStart().toEpochMilli());
        m.put("side", b.side());
        m.put("kw", b.kw());
        m.put("status", b.status());
        return m;
    }

    static Map<String, Object> trade(MarketActivity.TradeRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("provider", t.providerId());
        m.put("start", t.start().toEpochMilli());
        m.put("end", t.end().toEpochMilli());
        m.put("kw", t.kw());
        m.put("pricePerKwh", t.pricePerKwh());
        m.put("reported", t.reported());
        return m;
    }
}
