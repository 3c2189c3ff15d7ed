package org.thermalcommons.edge.market;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.thermalcommons.edge.api.market.MarketActivity;

/**
 * The market database read for displays ({@link MarketActivity}): bids, trades, clearing prices and delivery reports,
 * newest first, each query bounded by its limit (at most {@link #MAX_ROWS}). Clearing results and delivery reports are
 * recorded here by the session as they happen.
 */
final class MarketLedger {
    static final int MAX_ROWS = 1_000;

    private final MarketDb db;

    MarketLedger(MarketDb db) {
        this.db = db;
    }

    /** Creates the tables of what is only logged elsewhere (idempotent). */
    static void createTables(MarketDb d) throws SQLException {
        d.update("CREATE TABLE IF NOT EXISTS clearings (istart INTEGER PRIMARY KEY, iend INTEGER NOT NULL,"
                + " price REAL NOT NULL, volume REAL NOT NULL)");
        d.update("CREATE TABLE IF NOT EXISTS deliveries (istart INTEGER PRIMARY KEY, iend INTEGER NOT NULL,"
                + " committed REAL NOT NULL, delivered REAL NOT NULL, baseline REAL NOT NULL, carbon_kg REAL NOT NULL)");
    }

    List<MarketActivity.BidRecord> bids(Instant from, int limit) {
        return rows("SELECT id, provider, source, istart, side, kw, status FROM bids WHERE istart >= ?"
                + " ORDER BY istart DESC, id LIMIT ?", from, limit, r -> new MarketActivity.BidRecord((String) r[0],
                (String) r[1], (String) r[2], sec(r[3]), (String) r[4], num(r[5]), (String) r[6]));
    }

    List<MarketActivity.TradeRecord> trades(Instant from, int limit) {
        return rows("SELECT id, bid_id, provider, source, istart, iend, kw, price, reported FROM trades WHERE iend > ?"
                + " ORDER BY istart DESC, id LIMIT ?", from, limit, r -> new MarketActivity.TradeRecord((String) r[0],
                (String) r[1], (String) r[2], (String) r[3], sec(r[4]), sec(r[5]), num(r[6]), num(r[7]),
                ((Number) r[8]).intValue() != 0));
    }

    List<MarketActivity.ClearingRecord> clearings(Instant from, int limit) {
        return rows("SELECT istart, iend, price, volume FROM clearings WHERE istart >= ? ORDER BY istart DESC LIMIT ?",
                from, limit, r -> new MarketActivity.ClearingRecord(sec(r[0]), sec(r[1]), num(r[2]), num(r[3])));
    }

    List<MarketActivity.DeliveryRecord> deliveries(Instant from, int limit) {
        return rows("SELECT istart, iend, committed, delivered, baseline, carbon_kg FROM deliveries WHERE istart >= ?"
                + " ORDER BY istart DESC LIMIT ?", from, limit, r -> new MarketActivity.DeliveryRecord(sec(r[0]),
                sec(r[1]), num(r[2]), num(r[3]), num(r[4]), num(r[5])));
    }

    private <T> List<T> rows(String sql, Instant from, int limit, Function<Object[], T> row) {
        int n = Math.max(0, Math.min(limit, MAX_ROWS));
        try {
            List<T> out = new ArrayList<>();
            for (Object[] r : db.tx(d -> d.query(sql, from.getEpochSecond(), n))) {
                out.add(row.apply(r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("market database: " + e.getMessage(), e);
        }
    }

    private static Instant sec(Object v) {
        return Instant.ofEpochSecond(((Number) v).longValue());
    }

    private static double num(Object v) {
        return ((Number) v).doubleValue();
    }
}
