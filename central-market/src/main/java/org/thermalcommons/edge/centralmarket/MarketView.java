package org.thermalcommons.edge.centralmarket;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the status page shows, read from the market's database in one transaction. */
record MarketView(Instant now, List<SiteRow> sites, List<Object[]> openBids, List<Object[]> clearings,
                  List<Object[]> trades, List<Object[]> deliveries, long outboxDepth, long received,
                  long duplicates, Map<String, Long> rejected) {

    /** A configured site and what the market last heard from it. */
    record SiteRow(MarketConfig.SiteInfo info, String state, String mode, Double loadKw, Double flexUp,
                   Double flexDown, Double soc, Long seen) {
    }

    static MarketView read(MarketConfig cfg, MarketStore store, MarketEngine engine, Instant now)
            throws SQLException {
        return store.tx(() -> {
            Map<String, Object[]> heard = new LinkedHashMap<>();
            for (Object[] r : store.query("SELECT site, state, mode, load_kw, flex_up, flex_down, soc, seen"
                    + " FROM sites")) {
                heard.put((String) r[0], r);
            }
            List<SiteRow> sites = new ArrayList<>();
            for (MarketConfig.SiteInfo s : cfg.sites().values()) {
                Object[] r = heard.get(s.id());
                sites.add(r == null ? new SiteRow(s, "unknown", "", null, null, null, null, null)
                        : new SiteRow(s, r[1] == null ? "unknown" : (String) r[1], r[2] == null ? "" : (String) r[2],
                        num(r[3]), num(r[4]), num(r[5]), num(r[6]), r[7] == null ? null : ((Number) r[7]).longValue()));
            }
            List<Object[]> open = store.query("SELECT istart, site, side, steps, source, id FROM bids"
                    + " WHERE state = 'open' ORDER BY istart, seq LIMIT 200");
            List<Object[]> clearings = store.query("SELECT istart, price, volume, stress FROM clearings"
                    + " ORDER BY istart DESC LIMIT 96");
            List<Object[]> trades = store.query("SELECT istart, site, side, kw, price, acked, id FROM trades"
                    + " ORDER BY istart DESC, site LIMIT 50");
            List<Object[]> deliveries = store.query("SELECT istart, site, committed, delivered, baseline"
                    + " FROM deliveries ORDER BY istart DESC, site LIMIT 20");
            long depth = store.longQuery("SELECT COUNT(*) FROM outbox");
            return new MarketView(now, sites, open, clearings, trades, deliveries, depth, engine.received(),
                    engine.duplicates(), engine.rejected());
        });
    }

    private static Double num(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }
}
