package org.thermalcommons.edge.market.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Side of a bid or trade. */
public enum Side {
    /** The site reduces consumption or exports. */
    @JsonProperty("sell") SELL,
    /** The site absorbs. */
    @JsonProperty("buy") BUY;

    public String wireName() {
        return this == SELL ? "sell" : "buy";
    }
}
