package org.thermalcommons.edge.bench.market;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.centralmarket.Auction;
import org.thermalcommons.edge.market.protocol.Side;

/**
 * Clearing time of one interval's book with 10,000 and 100,000 sites, each with a two-step sell curve and a one-step
 * buy curve (the demo gateway's shape), plus the aggregator's demand: the central market's {@link Auction#clear}, the
 * step the market runs at gate closure (its SQLite writes of the trades are not included). Median of 7 runs after
 * 3 warm-ups. Then the bid round trip with 1,000 site clients against the running central market ({@link RoundTrip}):
 * p50 and p99 of 1,000 bids spread over 10 s ({@code roundtrip_*}) and of 1,000 simultaneous bids
 * ({@code roundtrip_burst_*}), {@value RoundTrip#ROUNDS} rounds each, the connections and the client JVM's peak thread
 * count.
 */
public final class MarketSuite implements Suite {
    @Override
    public String name() {
        return "market";
    }

    @Override
    public void run(Figures figures) throws Exception {
        figures.report("clear_10k_ms", clearMillis(10_000), "ms");
        figures.report("clear_100k_ms", clearMillis(100_000), "ms");
        try (RoundTrip rt = new RoundTrip()) {
            rt.startMarket();
            rt.connectClients();
            rt.round(RoundTrip.openInterval(0), 0);
            List<long[]> spread = new ArrayList<>();
            List<long[]> burst = new ArrayList<>();
            int k = 1;
            for (int r = 0; r < RoundTrip.ROUNDS; r++) {
                spread.add(rt.round(RoundTrip.openInterval(k++), RoundTrip.SPREAD_MILLIS));
                burst.add(rt.round(RoundTrip.openInterval(k++), 0));
            }
            long[] s = spread.stream().flatMapToLong(java.util.Arrays::stream).toArray();
            long[] b = burst.stream().flatMapToLong(java.util.Arrays::stream).toArray();
            figures.report("roundtrip_p50_ms", Figures.percentile(s, 50) / 1e6, "ms");
            figures.report("roundtrip_p99_ms", Figures.percentile(s, 99) / 1e6, "ms");
            figures.report("roundtrip_burst_p50_ms", Figures.percentile(b, 50) / 1e6, "ms");
            figures.report("roundtrip_burst_p99_ms", Figures.percentile(b, 99) / 1e6, "ms");
            figures.report("roundtrip_clients", RoundTrip.SITES, "connections");
            figures.report("roundtrip_client_jvm_threads", rt.peakThreads, "threads");
        }
    }

    static List<Auction.Order> book(int sites, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Auction.Order> orders = new ArrayList<>(sites * 3 + 3);
        long seq = 0;
        double supply = 0;
        for (int s = 0; s < sites; s++) {
            String site = "site-" + s;
            double p = 0.05 + r.nextDouble() * 0.2;
            double kw = 5 + r.nextDouble() * 45;
            orders.add(new Auction.Order("b" + s + "s", site, 0, Side.SELL, kw, p, seq++));
            orders.add(new Auction.Order("b" + s + "s", site, 1, Side.SELL, kw, p + 0.1, seq++));
            orders.add(new Auction.Order("b" + s + "b", site, 0, Side.BUY, 5 + r.nextDouble() * 20,
                    0.01 + r.nextDouble() * 0.05, seq++));
            supply += 2 * kw;
        }
        double demand = supply * 0.4;
        double[] share = {0.34, 0.33, 0.33};
        double[] price = {0.36, 0.25, 0.16};
        for (int k = 0; k < 3; k++) {
            orders.add(new Auction.Order("aggregator", "aggregator", k, Side.BUY, demand * share[k], price[k], seq++));
        }
        return orders;
    }

    static double clearMillis(int sites) {
        List<Auction.Order> book = book(sites, 42);
        double[] t = new double[10];
        double volume = 0;
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            Auction.Result r = Auction.clear(book);
            t[i] = (System.nanoTime() - t0) / 1e6;
            volume += r.volume();
        }
        if (!(volume > 0)) {
            throw new AssertionError("nothing cleared");
        }
        double[] measured = java.util.Arrays.copyOfRange(t, 3, t.length);
        java.util.Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
