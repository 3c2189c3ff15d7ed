package org.thermalcommons.edge.market.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A site's offer for one interval: a monotone curve (sell steps by ascending price, buy steps by descending price).
 *
 * @param source     {@code bess}, {@code hvac}, {@code heatpump}, ...
 * @param validUntil the market drops the bid after this instant
 */
public record Bid(Interval interval, Side side, List<Step> steps, String source, Instant validUntil) implements Body {
    public Bid {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(validUntil, "validUntil");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("bid: at least one step");
        }
        for (int i = 1; i < steps.size(); i++) {
            double prev = steps.get(i - 1).pricePerKwh();
            double cur = steps.get(i).pricePerKwh();
            if (side == Side.SELL ? cur < prev : cur > prev) {
                throw new IllegalArgumentException("bid: steps must be monotone (" + side.wireName() + " step " + i
                        + ")");
            }
        }
    }

    public double totalKw() {
        return steps.stream().mapToDouble(Step::kw).sum();
    }
}
