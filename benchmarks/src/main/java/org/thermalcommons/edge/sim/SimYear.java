package org.thermalcommons.edge.sim;

import java.time.Duration;
import java.time.Instant;

/** A year of the simulated building's load and PV at a fixed interval (benchmarks; same package to reach the model). */
public final class SimYear {
    private SimYear() {
    }

    /** Returns {load[], pv[]} averaged per interval. */
    public static double[][] series(long seed, Instant start, int days, int intervalMinutes, double pvKwp) {
        Building b = new Building(new Building.Parameters(seed, 4, pvKwp, 200, 100, 50, 24), start);
        int perDay = 24 * 60 / intervalMinutes;
        int n = days * perDay;
        double[] load = new double[n];
        double[] pv = new double[n];
        Duration step = Duration.ofSeconds(60);
        int sub = intervalMinutes;
        for (int i = 0; i < n; i++) {
            double l = 0;
            double p = 0;
            for (int k = 0; k < sub; k++) {
                b.step(step);
                l += b.loadKw();
                p += b.pvKw();
            }
            load[i] = l / sub;
            pv[i] = p / sub;
        }
        return new double[][] {load, pv};
    }
}
