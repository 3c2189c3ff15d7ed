package org.thermalcommons.edge.market;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thermalcommons.edge.api.flex.CostStep;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.market.protocol.Bid;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Step;

/**
 * Turns the providers' offers for one interval into monotone bids, after the risk checks: the gate must still be open
 * and the bid valid until it closes; never more than is deliverable (the offer, held over the whole interval: power
 * that can be sustained only part of it is scaled to what can be held throughout; minus trades already won for the
 * interval); never more than the position limit per side (cheapest steps kept). {@code up} becomes a {@code sell}
 * curve at the provider's cost; {@code down} becomes a {@code buy} curve at the negated cost (what the site is willing
 * to pay to absorb), so both are monotone as the protocol requires. Pure.
 */
final class BidBuilder {
    /** A bid to send, with the provider that will deliver it. */
    record Planned(String providerId, Bid bid) {
    }

    /** An offer (or part of it) a risk check refused. */
    record Refusal(String providerId, String rule, String detail) {
    }

    record Result(List<Planned> bids, List<Refusal> refusals) {
    }

    /**
     * @param wonKw    kW already won for the interval, by provider and side (sell &gt; 0, buy as a positive number)
     * @param placedKw kW already bid for the interval and side, site-wide (counts against the position limit)
     */
    static Result build(Interval interval, List<FlexibilityOffer> offers, Instant now, Duration gateClosure,
                        double positionLimitKw, Map<String, double[]> wonKw, double[] placedKw) {
        List<Planned> bids = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        Instant gate = interval.start().minus(gateClosure);
        double[] room = {positionLimitKw - placedKw[0], positionLimitKw - placedKw[1]};
        for (FlexibilityOffer o : offers) {
            if (!o.start().equals(interval.start()) || !o.end().equals(interval.end())) {
                refusals.add(new Refusal(o.providerId(), "interval", "offer is for " + o.start() + ".." + o.end()
                        + ", not the market interval " + interval.start() + ".." + interval.end()));
                continue;
            }
            if (!now.isBefore(gate)) {
                refusals.add(new Refusal(o.providerId(), "gate-closure", "gate for " + interval.start()
                        + " closed at " + gate));
                continue;
            }
            double held = Math.min(1.0, (double) o.sustain().toMillis() / interval.length().toMillis());
            double[] won = wonKw.getOrDefault(o.providerId(), new double[2]);
            for (Side side : Side.values()) {
                int k = side == Side.SELL ? 0 : 1;
                List<CostStep> curve = side == Side.SELL ? o.up() : o.down();
                if (curve.isEmpty()) {
                    continue;
                }
                double offered = curve.stream().mapToDouble(CostStep::kw).sum();
                double deliverable = offered * held - won[k];
                if (held < 1.0) {
                    refusals.add(new Refusal(o.providerId(), "sustain", side.wireName() + ": can hold "
                            + o.sustain() + " of " + interval.length() + ", offer scaled to what lasts the interval"));
                }
                if (won[k] > 0) {
                    refusals.add(new Refusal(o.providerId(), "already-won", side.wireName() + ": " + won[k]
                            + " kW already won for the interval"));
                }
                double limit = Math.min(deliverable, room[k]);
                if (room[k] < deliverable) {
                    refusals.add(new Refusal(o.providerId(), "position-limit", side.wireName() + ": limited to "
                            + Math.max(0, room[k]) + " kW by the position limit of " + positionLimitKw + " kW"));
                }
                List<Step> steps = new ArrayList<>();
                double left = limit;
                for (CostStep c : curve) {
                    double kw = Math.min(c.kw() * held, left);
                    if (kw <= 1e-6) {
                        break;
                    }
                    steps.add(new Step(kw, side == Side.SELL ? c.pricePerKwh() : -c.pricePerKwh()));
                    left -= kw;
                }
                if (steps.isEmpty()) {
                    refusals.add(new Refusal(o.providerId(), "deliverable", side.wireName()
                            + ": nothing left to offer"));
                    continue;
                }
                double total = steps.stream().mapToDouble(Step::kw).sum();
                room[k] -= total;
                bids.add(new Planned(o.providerId(), new Bid(interval, side, steps, o.source(), gate)));
            }
        }
        return new Result(bids, refusals);
    }
}
