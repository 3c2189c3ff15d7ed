package org.thermalcommons.edge.market.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The market's answer to a bid or bid-cancel.
 *
 * @param reason when rejected: {@code gate-closed}, {@code interval-closed}, {@code invalid}, {@code unknown-bid}, ...
 */
public record BidResult(String bidId, Outcome status, @JsonInclude(JsonInclude.Include.NON_NULL) String reason)
        implements Body {
    public enum Outcome { @JsonProperty("accepted") ACCEPTED, @JsonProperty("rejected") REJECTED }

    public static final String GATE_CLOSED = "gate-closed";
    public static final String INTERVAL_CLOSED = "interval-closed";

    public BidResult {
        Objects.requireNonNull(bidId, "bidId");
        Objects.requireNonNull(status, "status");
        if (status == Outcome.REJECTED && reason == null) {
            throw new IllegalArgumentException("bid-result: a rejection needs a reason");
        }
    }

    public static BidResult accepted(String bidId) {
        return new BidResult(bidId, Outcome.ACCEPTED, null);
    }

    public static BidResult rejected(String bidId, String reason) {
        return new BidResult(bidId, Outcome.REJECTED, reason);
    }
}
