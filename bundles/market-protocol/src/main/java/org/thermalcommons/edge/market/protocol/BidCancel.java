package org.thermalcommons.edge.market.protocol;

import java.util.Objects;

/** Withdraws a bid before gate closure. */
public record BidCancel(String bidId) implements Body {
    public BidCancel {
        Objects.requireNonNull(bidId, "bidId");
    }
}
