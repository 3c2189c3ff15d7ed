package org.thermalcommons.edge.market.protocol;

import java.util.Objects;

/** Result of one interval's auction, to every site. */
public record Clearing(Interval interval, double pricePerKwh, double volumeKw) implements Body {
    public Clearing {
        Objects.requireNonNull(interval, "interval");
    }
}
