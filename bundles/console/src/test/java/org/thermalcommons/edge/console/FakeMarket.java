package org.thermalcommons.edge.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.market.MarketActivity;

/**
 * A market link's activity in memory: two days of 15-minute intervals ending at {@code now}, every interval bid on
 * (sell), every third won, the zone's clearing price per interval, a delivery report per past trade.
 */
final class FakeMarket implements MarketActivity {
    volatile boolean up = true;
    final List<BidRecord> bids = new ArrayList<>();
    final List<TradeRecord> trades = new ArrayList<>();
    final List<ClearingRecord> clearings = new ArrayList<>();
    final List<DeliveryRecord> deliveries = new ArrayList<>();
    final List<ForecastRecord> forecast = new ArrayList<>();

    FakeMarket(Instant now) {
        Duration len = Duration.ofMinutes(15);
        Instant first = Instant.ofEpochSecond(now.getEpochSecond() / 900 * 900).minus(Duration.ofDays(2));
        for (int i = 0; i < 2 * 96 + 2; i++) {
            Instant s = first.plus(len.multipliedBy(i));
            String bid = "bid-" + i;
            bids.add(0, new BidRecord(bid, "bess", "bess", s, "sell", 20, i % 3 == 0 ? "accepted" : "rejected"));
            double price = 0.12 + 0.08 * Math.sin(i * 2 * Math.PI / 96);
            if (s.isBefore(now)) {
                clearings.add(0, new ClearingRecord(s, s.plus(len), price, 300 + i % 40));
            }
            if (i % 3 == 0) {
                boolean past = s.plus(len).isBefore(now);
                trades.add(0, new TradeRecord("trade-" + i, bid, "bess", "bess", s, s.plus(len), 15, price, past));
                if (past) {
                    deliveries.add(0, new DeliveryRecord(s, s.plus(len), 15, 14.5, 20, 14.5 * 0.25 * 0.4));
                }
            }
        }
        Instant f = Instant.ofEpochSecond(now.getEpochSecond() / 900 * 900);
        for (int i = 0; i < 96; i++) {
            forecast.add(new ForecastRecord(f.plus(len.multipliedBy(i)), f.plus(len.multipliedBy(i + 1)),
                    0.12 + 0.08 * Math.sin(i * 2 * Math.PI / 96), 400));
        }
    }

    @Override
    public boolean linkUp() {
        return up;
    }

    @Override
    public Optional<Instant> downSince() {
        return up ? Optional.empty() : Optional.of(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public long outboxDepth() {
        return up ? 0 : 42;
    }

    @Override
    public List<BidRecord> bids(Instant from, int limit) {
        return bids.stream().filter(b -> !b.intervalStart().isBefore(from)).limit(limit).toList();
    }

    @Override
    public List<TradeRecord> trades(Instant from, int limit) {
        return trades.stream().filter(t -> t.end().isAfter(from)).limit(limit).toList();
    }

    @Override
    public List<ClearingRecord> clearings(Instant from, int limit) {
        return clearings.stream().filter(c -> !c.start().isBefore(from)).limit(limit).toList();
    }

    @Override
    public List<DeliveryRecord> deliveries(Instant from, int limit) {
        return deliveries.stream().filter(d -> !d.start().isBefore(from)).limit(limit).toList();
    }

    @Override
    public List<ForecastRecord> forecast() {
        return forecast;
    }
}
