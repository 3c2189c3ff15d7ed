package org.thermalcommons.edge.api.flex;

/**
 * One step of a price–quantity cost curve: the next {@code kw} cost at least {@code pricePerKwh} to provide.
 *
 * @param kw          size of the step, &gt; 0
 * @param pricePerKwh the provider's marginal cost for this step, currency per kWh
 */
public record CostStep(double kw, double pricePerKwh) {
    public CostStep {
        if (!(kw > 0) || Double.isInfinite(kw)) {
            throw new IllegalArgumentException("cost step: kw must be a finite number > 0, was " + kw);
        }
        if (Double.isNaN(pricePerKwh) || Double.isInfinite(pricePerKwh)) {
            throw new IllegalArgumentException("cost step: pricePerKwh must be finite");
        }
    }
}
