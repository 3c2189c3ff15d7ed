package org.thermalcommons.edge.market.protocol;

/** One step of a bid's price–quantity curve. */
public record Step(double kw, double pricePerKwh) {
    public Step {
        if (!(kw > 0) || Double.isInfinite(kw)) {
            throw new IllegalArgumentException("step: kw must be a finite number > 0");
        }
        if (!Double.isFinite(pricePerKwh)) {
            throw new IllegalArgumentException("step: pricePerKwh must be finite");
        }
    }
}
