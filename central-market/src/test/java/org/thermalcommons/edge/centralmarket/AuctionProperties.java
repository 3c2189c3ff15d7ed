package org.thermalcommons.edge.centralmarket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.thermalcommons.edge.centralmarket.Auction.Fill;
import org.thermalcommons.edge.centralmarket.Auction.Order;
import org.thermalcommons.edge.centralmarket.Auction.Result;
import org.thermalcommons.edge.market.protocol.Side;

class AuctionProperties {
    private static final double EPS = 1e-6;

    @Provide
    Arbitrary<List<Order>> books() {
        Arbitrary<Order> order = Combinators.combine(
                Arbitraries.of(Side.values()),
                Arbitraries.doubles().between(0.1, 50).ofScale(2),
                Arbitraries.doubles().between(-0.2, 1.0).ofScale(3),
                Arbitraries.longs().between(0, 1_000_000))
                .as((side, kw, price, seq) -> new Order("o" + seq, "site", 0, side, kw, price, seq));
        return order.list().ofMinSize(0).ofMaxSize(40);
    }

    @Property(tries = 300)
    void noAcceptedSellAboveAndNoAcceptedBuyBelowThePrice(@ForAll("books") List<Order> book) {
        Result r = Auction.clear(book);
        if (r.price().isEmpty()) {
            assertThat(r.fills()).isEmpty();
            return;
        }
        double p = r.price().getAsDouble();
        for (Fill f : r.fills()) {
            if (f.order().side() == Side.SELL) {
                assertThat(f.order().pricePerKwh()).isLessThanOrEqualTo(p + 1e-12);
            } else {
                assertThat(f.order().pricePerKwh()).isGreaterThanOrEqualTo(p - 1e-12);
            }
        }
    }

    @Property(tries = 300)
    void volumeBalancesAndNoOrderIsOverfilled(@ForAll("books") List<Order> book) {
        Result r = Auction.clear(book);
        double sold = r.fills().stream().filter(f -> f.order().side() == Side.SELL).mapToDouble(Fill::kw).sum();
        double bought = r.fills().stream().filter(f -> f.order().side() == Side.BUY).mapToDouble(Fill::kw).sum();
        assertThat(Math.abs(sold - bought)).isLessThan(EPS);
        assertThat(Math.abs(sold - r.volume())).isLessThan(EPS);
        for (Fill f : r.fills()) {
            assertThat(f.kw()).isLessThanOrEqualTo(f.order().kw() + EPS).isPositive();
        }
    }

    @Property(tries = 300)
    void clearingMaximisesSurplusOverAnyBalancedAllocation(@ForAll("books") List<Order> book,
                                                          @ForAll long seed) {
        double best = Auction.surplus(Auction.clear(book).fills());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < 20; trial++) {
            List<double[]> sells = new ArrayList<>();
            List<double[]> buys = new ArrayList<>();
            double s = 0;
            double b = 0;
            for (Order o : book) {
                double q = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * o.kw();
                if (o.side() == Side.SELL) {
                    sells.add(new double[] {q, o.pricePerKwh()});
                    s += q;
                } else {
                    buys.add(new double[] {q, o.pricePerKwh()});
                    b += q;
                }
            }
            double v = Math.min(s, b);
            double alt = 0;
            for (double[] x : sells) {
                alt -= (s == 0 ? 0 : x[0] * v / s) * x[1];
            }
            for (double[] x : buys) {
                alt += (b == 0 ? 0 : x[0] * v / b) * x[1];
            }
            assertThat(alt).isLessThanOrEqualTo(best + EPS);
        }
    }
}
