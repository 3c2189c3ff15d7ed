package org.thermalcommons.edge.centralmarket;

import java.util.ArrayList;
import java.util.List;
import org.thermalcommons.edge.centralmarket.Auction.Order;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Signal.Stress;

/**
 * The aggregator's own curves for an interval. When the grid is elevated or worse it buys flexibility (a buy curve:
 * sites that sell reduce their consumption), more and dearer as stress rises. When it is normal it offers cheap surplus
 * energy to sites that absorb (a small sell curve at low prices), so batteries can charge through the market.
 */
public final class Aggregator {
    public static final String SITE = "aggregator";

    private final double demandKw;
    private final double absorbKw;
    private final double basePricePerKwh;

    /**
     * @param demandKw        flexibility bought at {@code high} stress (half at elevated, 1.5× at critical)
     * @param absorbKw        surplus offered at normal stress
     * @param basePricePerKwh the energy price at normal stress
     */
    public Aggregator(double demandKw, double absorbKw, double basePricePerKwh) {
        this.demandKw = demandKw;
        this.absorbKw = absorbKw;
        this.basePricePerKwh = basePricePerKwh;
    }

    /** Expected price of energy at a stress level, for the signal's forecast. */
    public double priceAt(Stress s) {
        return switch (s) {
            case NORMAL -> basePricePerKwh;
            case ELEVATED -> basePricePerKwh * 1.8;
            case HIGH -> basePricePerKwh * 3;
            case CRITICAL -> basePricePerKwh * 6;
        };
    }

    public List<Order> orders(Interval interval, Stress stress, long seq) {
        String id = SITE + "-" + interval.start().getEpochSecond();
        List<Order> out = new ArrayList<>();
        double factor = switch (stress) {
            case NORMAL -> 0;
            case ELEVATED -> 0.5;
            case HIGH -> 1;
            case CRITICAL -> 1.5;
        };
        if (factor > 0 && demandKw > 0) {
            double p = priceAt(stress);
            // three steps: the first third is worth the full price, the rest less (a downward sloping demand)
            double[] share = {0.34, 0.33, 0.33};
            double[] price = {p, p * 0.7, p * 0.45};
            for (int k = 0; k < 3; k++) {
                out.add(new Order(id, SITE, k, Side.BUY, demandKw * factor * share[k], price[k], seq + k));
            }
        } else if (factor == 0 && absorbKw > 0) {
            out.add(new Order(id, SITE, 0, Side.SELL, absorbKw * 0.5, basePricePerKwh * 0.3, seq));
            out.add(new Order(id, SITE, 1, Side.SELL, absorbKw * 0.5, basePricePerKwh * 0.6, seq + 1));
        }
        return out;
    }
}
