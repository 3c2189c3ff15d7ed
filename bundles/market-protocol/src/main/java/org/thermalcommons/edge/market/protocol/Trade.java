package org.thermalcommons.edge.market.protocol;

import java.util.Objects;

/** A cleared bid step: the site must deliver {@code kw} on {@code side} during the interval, and ack it. */
public record Trade(String tradeId, String bidId, Interval interval, Side side, double kw, double pricePerKwh)
        implements Body {
    public Trade {
        Objects.requireNonNull(tradeId, "tradeId");
        Objects.requireNonNull(bidId, "bidId");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(side, "side");
    }

    /** Signed like a commitment: &gt; 0 reduce / export (sell), &lt; 0 absorb (buy). */
    public double signedKw() {
        return side == Side.SELL ? kw : -kw;
    }
}
