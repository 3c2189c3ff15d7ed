package org.thermalcommons.edge.market.protocol;

import java.util.Objects;

/** The site acknowledges a received trade. */
public record Ack(String tradeId) implements Body {
    public Ack {
        Objects.requireNonNull(tradeId, "tradeId");
    }
}
