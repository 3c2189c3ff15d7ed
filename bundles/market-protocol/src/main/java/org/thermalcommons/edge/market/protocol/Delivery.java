package org.thermalcommons.edge.market.protocol;

import java.util.List;
import java.util.Objects;

/** After an interval: what the site committed, what its meter saw, against which baseline (kW, signed like trades). */
public record Delivery(Interval interval, List<String> tradeIds, double committedKw, double deliveredKw,
                       double baselineKw) implements Body {
    public Delivery {
        Objects.requireNonNull(interval, "interval");
        tradeIds = List.copyOf(tradeIds);
    }
}
