package org.thermalcommons.edge.centralmarket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.centralmarket.Auction.Fill;
import org.thermalcommons.edge.centralmarket.Auction.Order;
import org.thermalcommons.edge.centralmarket.Auction.Result;
import org.thermalcommons.edge.market.protocol.Side;

/** Hand-checked books. */
class AuctionTest {
    private long seq;

    private Order sell(String id, double kw, double price) {
        return new Order(id, "s-" + id, 0, Side.SELL, kw, price, seq++);
    }

    private Order buy(String id, double kw, double price) {
        return new Order(id, "b-" + id, 0, Side.BUY, kw, price, seq++);
    }

    private static double filled(Result r, String bidId) {
        return r.fills().stream().filter(f -> f.order().bidId().equals(bidId)).mapToDouble(Fill::kw).sum();
    }

    @Test
    void crossingCurvesClearWhereSupplyMeetsDemandWithThePartialMarginalStep() {
        // supply: 10 @0.10, 10 @0.20, 10 @0.30; demand: 15 @0.40, 10 @0.25, 10 @0.15
        List<Order> book = List.of(sell("a", 10, 0.10), sell("b", 10, 0.20), sell("c", 10, 0.30),
                buy("x", 15, 0.40), buy("y", 10, 0.25), buy("z", 10, 0.15));
        Result r = Auction.clear(book);
        // a (10) and b (10) meet x (15) and 5 of y; c (0.30) is dearer than y (0.25)
        assertThat(r.volume()).isCloseTo(20, within(1e-9));
        assertThat(filled(r, "a")).isEqualTo(10);
        assertThat(filled(r, "b")).isEqualTo(10);
        assertThat(filled(r, "c")).isZero();
        assertThat(filled(r, "x")).isEqualTo(15);
        assertThat(filled(r, "y")).isEqualTo(5);
        assertThat(filled(r, "z")).isZero();
        // price range: >= max(0.20 last sell, -- no buy left unserved beyond y's remainder at 0.25) = 0.25,
        // <= min(0.25 last buy, 0.30 next sell) = 0.25
        assertThat(r.price().getAsDouble()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void rationedDemandPriceIsBelowTheNextRejectedSell() {
        Result r = Auction.clear(List.of(sell("a", 1, 1), sell("b", 1, 2), buy("x", 1, 10)));
        assertThat(r.volume()).isEqualTo(1);
        assertThat(filled(r, "a")).isEqualTo(1);
        // range [1, min(10, 2)] -> 1.5: b (at 2) would not have wanted to trade at a higher price either way
        assertThat(r.price().getAsDouble()).isEqualTo(1.5);
    }

    @Test
    void noCrossMeansNoPriceAndNoFills() {
        Result r = Auction.clear(List.of(sell("a", 5, 0.5), buy("x", 5, 0.4)));
        assertThat(r.price()).isEmpty();
        assertThat(r.fills()).isEmpty();
        assertThat(Auction.clear(List.of(sell("a", 5, 0.5))).price()).isEmpty();
        assertThat(Auction.clear(List.of()).volume()).isZero();
    }

    @Test
    void equalPricesFillInOrderOfArrival() {
        Result r = Auction.clear(List.of(sell("first", 5, 0.1), sell("second", 5, 0.1), buy("x", 7, 0.3)));
        assertThat(filled(r, "first")).isEqualTo(5);
        assertThat(filled(r, "second")).isEqualTo(2);
        assertThat(r.price().getAsDouble()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void surplusCountsBuyersValueMinusSellersCost() {
        Result r = Auction.clear(List.of(sell("a", 10, 0.1), buy("x", 10, 0.3)));
        assertThat(Auction.surplus(r.fills())).isCloseTo(10 * 0.3 - 10 * 0.1, within(1e-12));
        assertThat(r.price().getAsDouble()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void manySmallStepsBalance() {
        List<Order> book = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            book.add(sell("s" + k, 0.1, 0.01 * k));
            book.add(buy("b" + k, 0.1, 1 - 0.01 * k));
        }
        Result r = Auction.clear(book);
        // sell k (0.01 k) meets buy k (1 - 0.01 k) while 0.02 k <= 1: k = 0..50, 51 steps of 0.1 kW, both at 0.50
        assertThat(r.volume()).isCloseTo(5.1, within(1e-6));
        assertThat(r.price().getAsDouble()).isCloseTo(0.5, within(1e-9));
    }
}
