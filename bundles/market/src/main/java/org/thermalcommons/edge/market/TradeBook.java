package org.thermalcommons.edge.market;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.flex.CommitmentBook;

/**
 * The trades the site won, as commitments: persisted in the market database (a won trade survives a restart and is
 * still delivered), served from an immutable in-memory copy so readers on the cycle thread never wait.
 */
final class TradeBook implements CommitmentBook {
    private volatile List<Commitment> all = List.of();

    /** Reloads from the database; call after a transaction that changed trades committed. */
    void reload(MarketDb db, Instant from) throws SQLException {
        List<Commitment> out = new ArrayList<>();
        for (Object[] r : db.tx(d -> d.query("SELECT id, provider, source, istart, iend, kw, price FROM trades"
                + " WHERE iend > ? ORDER BY istart, id", from.getEpochSecond()))) {
            out.add(new Commitment((String) r[0], (String) r[1], (String) r[2],
                    Instant.ofEpochSecond(((Number) r[3]).longValue()), Instant.ofEpochSecond(((Number) r[4])
                    .longValue()), ((Number) r[5]).doubleValue(), ((Number) r[6]).doubleValue()));
        }
        out.sort(Comparator.comparing(Commitment::start));
        all = List.copyOf(out);
    }

    @Override
    public List<Commitment> commitments(String providerId, Instant from) {
        return all.stream().filter(c -> c.providerId().equals(providerId) && c.end().isAfter(from)).toList();
    }

    /** Every provider's commitments active at {@code t}. */
    List<Commitment> activeAt(Instant t) {
        return all.stream().filter(c -> c.activeAt(t)).toList();
    }

    List<Commitment> all() {
        return all;
    }
}
