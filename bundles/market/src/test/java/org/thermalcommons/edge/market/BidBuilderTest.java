package org.thermalcommons.edge.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.flex.CostStep;
import org.thermalcommons.edge.api.flex.FlexibilityOffer;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Step;

class BidBuilderTest {
    private static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");
    private static final Interval I = new Interval(T0.plusSeconds(1800), T0.plusSeconds(2700));
    private static final Duration GATE = Duration.ofMinutes(5);

    private static FlexibilityOffer offer(String id, Duration sustain) {
        return new FlexibilityOffer(id, "bess", I.start(), I.end(), sustain,
                List.of(new CostStep(10, 0.10), new CostStep(10, 0.20)), List.of(new CostStep(5, -0.04),
                new CostStep(5, 0.02)));
    }

    @Test
    void upBecomesASellCurveAndDownABuyCurveAtTheNegatedCostBothMonotone() {
        BidBuilder.Result r = BidBuilder.build(I, List.of(offer("bess", I.length())), T0, GATE, 100, Map.of(),
                new double[2]);
        assertThat(r.refusals()).isEmpty();
        assertThat(r.bids()).hasSize(2);
        var sell = r.bids().get(0).bid();
        var buy = r.bids().get(1).bid();
        assertThat(sell.side()).isEqualTo(Side.SELL);
        assertThat(sell.steps()).containsExactly(new Step(10, 0.10), new Step(10, 0.20));
        assertThat(buy.side()).isEqualTo(Side.BUY);
        assertThat(buy.steps()).containsExactly(new Step(5, 0.04), new Step(5, -0.02));
        assertThat(sell.validUntil()).isEqualTo(I.start().minus(GATE));
    }

    @Test
    void afterGateClosureNothingIsBidAndTheRuleIsNamed() {
        BidBuilder.Result r = BidBuilder.build(I, List.of(offer("bess", I.length())), I.start().minus(GATE), GATE,
                100, Map.of(), new double[2]);
        assertThat(r.bids()).isEmpty();
        assertThat(r.refusals()).extracting(BidBuilder.Refusal::rule).containsExactly("gate-closure");
    }

    @Test
    void positionLimitKeepsTheCheapestSteps() {
        BidBuilder.Result r = BidBuilder.build(I, List.of(offer("bess", I.length())), T0, GATE, 14, Map.of(),
                new double[2]);
        assertThat(r.bids().get(0).bid().steps()).containsExactly(new Step(10, 0.10), new Step(4, 0.20));
        assertThat(r.refusals()).extracting(BidBuilder.Refusal::rule).contains("position-limit");
    }

    @Test
    void tradesAlreadyWonAreNotOfferedAgain() {
        BidBuilder.Result r = BidBuilder.build(I, List.of(offer("bess", I.length())), T0, GATE, 100,
                Map.of("bess", new double[] {15, 10}), new double[2]);
        assertThat(r.bids()).singleElement().satisfies(p -> assertThat(p.bid().totalKw()).isEqualTo(5));
        assertThat(r.refusals()).extracting(BidBuilder.Refusal::rule).contains("already-won", "deliverable");
    }

    @Test
    void powerHeldOnlyPartOfTheIntervalIsScaledToWhatLastsIt() {
        BidBuilder.Result r = BidBuilder.build(I, List.of(offer("bess", I.length().dividedBy(2))), T0, GATE, 100,
                Map.of(), new double[2]);
        assertThat(r.bids().get(0).bid().totalKw()).isEqualTo(10);
        assertThat(r.refusals()).extracting(BidBuilder.Refusal::rule).contains("sustain");
    }

    @Test
    void anOfferForAnotherIntervalIsRefused() {
        FlexibilityOffer other = new FlexibilityOffer("bess", "bess", I.end(), I.end().plusSeconds(900),
                Duration.ofMinutes(15), List.of(new CostStep(1, 0.1)), List.of());
        BidBuilder.Result r = BidBuilder.build(I, List.of(other), T0, GATE, 100, Map.of(), new double[2]);
        assertThat(r.bids()).isEmpty();
        assertThat(r.refusals()).extracting(BidBuilder.Refusal::rule).containsExactly("interval");
    }
}
