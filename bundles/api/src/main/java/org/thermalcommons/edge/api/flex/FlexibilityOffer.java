package org.thermalcommons.edge.api.flex;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one provider can deliver during one interval, beyond what it would do anyway.
 *
 * <p>{@code up} is flexibility the market buys as a {@code sell} bid: the site reduces its consumption or exports
 * more (battery discharges, cooling sheds). {@code down} is a {@code buy} bid: the site absorbs more (battery charges,
 * pre-cooling). Each curve is monotone: prices never decrease from one step to the next, and its steps add up to the
 * offered kW.
 *
 * @param providerId the offering {@link FlexibilityProvider#id()}
 * @param source     kind of resource, as in the protocol's {@code source}: {@code bess}, {@code hvac}, {@code heatpump}
 * @param start      interval start (inclusive)
 * @param end        interval end (exclusive)
 * @param sustain    how long the offered power can be held from {@code start} (at most the interval)
 * @param up         cost curve for reducing consumption / exporting; empty when none is offered
 * @param down       cost curve for absorbing; empty when none is offered
 */
public record FlexibilityOffer(String providerId, String source, Instant start, Instant end, Duration sustain,
                               List<CostStep> up, List<CostStep> down) {
    public FlexibilityOffer {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(sustain, "sustain");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("offer of " + providerId + ": end must be after start");
        }
        if (sustain.isNegative()) {
            throw new IllegalArgumentException("offer of " + providerId + ": sustain must not be negative");
        }
        up = List.copyOf(up);
        down = List.copyOf(down);
        requireMonotone(providerId, "up", up);
        requireMonotone(providerId, "down", down);
    }

    /** Total kW offered for reducing consumption / exporting. */
    public double upKw() {
        return up.stream().mapToDouble(CostStep::kw).sum();
    }

    /** Total kW offered for absorbing. */
    public double downKw() {
        return down.stream().mapToDouble(CostStep::kw).sum();
    }

    private static void requireMonotone(String provider, String side, List<CostStep> steps) {
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).pricePerKwh() < steps.get(i - 1).pricePerKwh()) {
                throw new IllegalArgumentException("offer of " + provider + ": " + side
                        + " curve must be monotone (step " + i + " is cheaper than step " + (i - 1) + ")");
            }
        }
    }
}
