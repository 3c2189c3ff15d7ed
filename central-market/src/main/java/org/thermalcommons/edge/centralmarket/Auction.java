package org.thermalcommons.edge.centralmarket;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.thermalcommons.edge.market.protocol.Side;

/**
 * Uniform-price double auction of one interval (PROTOCOL.md): sell steps by ascending price, buy steps by descending
 * price (ties by arrival), matched while the next sell is not dearer than the next buy; the marginal step may be
 * filled in part. The clearing price is the middle of the range where supply meets demand: at least the dearest
 * accepted sell and the best rejected buy, at most the cheapest accepted buy and the cheapest rejected sell, so no
 * accepted sell is above it and no accepted buy below it. Greedy matching of sorted curves maximises the traded surplus.
 * Pure and stateless.
 */
public final class Auction {
    /** Quantities below this are treated as zero (kW). */
    static final double EPSILON_KW = 1e-9;

    /** One step of one bid. {@code seq} orders steps of equal price (arrival). */
    public record Order(String bidId, String site, int step, Side side, double kw, double pricePerKwh, long seq) {
        public Order {
            Objects.requireNonNull(bidId, "bidId");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(side, "side");
            if (!(kw > 0) || !Double.isFinite(pricePerKwh)) {
                throw new IllegalArgumentException("order " + bidId + "/" + step + ": kw > 0 and a finite price");
            }
        }
    }

    /** How much of one order was accepted. */
    public record Fill(Order order, double kw) {
    }

    /**
     * @param price  the clearing price, empty when nothing crossed
     * @param volume kW traded on each side
     */
    public record Result(OptionalDouble price, double volume, List<Fill> fills) {
    }

    private Auction() {
    }

    public static Result clear(List<Order> orders) {
        List<Order> sells = new ArrayList<>();
        List<Order> buys = new ArrayList<>();
        for (Order o : orders) {
            (o.side() == Side.SELL ? sells : buys).add(o);
        }
        sells.sort(Comparator.comparingDouble(Order::pricePerKwh).thenComparingLong(Order::seq));
        buys.sort(Comparator.comparingDouble(Order::pricePerKwh).reversed().thenComparingLong(Order::seq));
        double[] sellLeft = sells.stream().mapToDouble(Order::kw).toArray();
        double[] buyLeft = buys.stream().mapToDouble(Order::kw).toArray();
        int i = 0;
        int j = 0;
        double volume = 0;
        Order lastSell = null;
        Order lastBuy = null;
        while (i < sells.size() && j < buys.size()
                && sells.get(i).pricePerKwh() <= buys.get(j).pricePerKwh()) {
            double q = Math.min(sellLeft[i], buyLeft[j]);
            sellLeft[i] -= q;
            buyLeft[j] -= q;
            volume += q;
            lastSell = sells.get(i);
            lastBuy = buys.get(j);
            if (sellLeft[i] <= EPSILON_KW) {
                sellLeft[i] = 0;
                i++;
            }
            if (buyLeft[j] <= EPSILON_KW) {
                buyLeft[j] = 0;
                j++;
            }
        }
        if (lastSell == null) {
            return new Result(OptionalDouble.empty(), 0, List.of());
        }
        double lo = lastSell.pricePerKwh();
        double hi = lastBuy.pricePerKwh();
        if (j < buys.size()) {
            lo = Math.max(lo, buys.get(j).pricePerKwh());
        }
        if (i < sells.size()) {
            hi = Math.min(hi, sells.get(i).pricePerKwh());
        }
        double price = (lo + hi) / 2;
        List<Fill> fills = new ArrayList<>();
        addFills(sells, sellLeft, fills);
        addFills(buys, buyLeft, fills);
        return new Result(OptionalDouble.of(price), volume, fills);
    }

    private static void addFills(List<Order> side, double[] left, List<Fill> out) {
        for (int k = 0; k < side.size(); k++) {
            double filled = side.get(k).kw() - left[k];
            if (filled > EPSILON_KW) {
                out.add(new Fill(side.get(k), filled));
            }
        }
    }

    /** Traded surplus: what accepted buyers value minus what accepted sellers cost, currency per hour. */
    public static double surplus(List<Fill> fills) {
        double s = 0;
        for (Fill f : fills) {
            s += (f.order().side() == Side.BUY ? 1 : -1) * f.kw() * f.order().pricePerKwh();
        }
        return s;
    }
}
