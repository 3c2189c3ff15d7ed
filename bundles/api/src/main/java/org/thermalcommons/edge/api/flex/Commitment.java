package org.thermalcommons.edge.api.flex;

import java.time.Instant;
import java.util.Objects;

/**
 * A trade the site won and must deliver: {@code kw} beyond the provider's baseline during {@code [start, end)}.
 *
 * @param tradeId     the market's trade id
 * @param providerId  who delivers it ({@link FlexibilityProvider#id()})
 * @param source      kind of resource ({@code bess}, {@code hvac}, ...)
 * @param start       interval start
 * @param end         interval end
 * @param kw          signed: &gt; 0 reduce consumption / export ({@code sell}), &lt; 0 absorb ({@code buy})
 * @param pricePerKwh the clearing price it was won at
 */
public record Commitment(String tradeId, String providerId, String source, Instant start, Instant end, double kw,
                         double pricePerKwh) {
    public Commitment {
        Objects.requireNonNull(tradeId, "tradeId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("commitment " + tradeId + ": end must be after start");
        }
        if (Double.isNaN(kw) || Double.isInfinite(kw)) {
            throw new IllegalArgumentException("commitment " + tradeId + ": kw must be finite");
        }
    }

    /** Whether the commitment is being delivered at {@code t}. */
    public boolean activeAt(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
