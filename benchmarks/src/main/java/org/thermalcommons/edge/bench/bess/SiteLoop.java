package org.thermalcommons.edge.bench.bess;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.bess.DispatchSettings;
import org.thermalcommons.edge.sim.SteppedBuilding;

/**
 * One dispatch strategy against the simulated building (in-process, stepped): one-minute cycles, each strategy sees
 * the building's points as the gateway's controllers do and writes the battery setpoint; the grid bill is the
 * building's grid power at the published tariff, counted only inside the measured window.
 */
final class SiteLoop {
    static final Duration CYCLE = Duration.ofMinutes(1);
    static final PointId GRID = PointId.parse("site/grid-power");

    /** A strategy: one control step (a {@code Controller.run} in all but name). */
    interface Strategy {
        void run(CycleContext ctx);
    }

    /** What one run cost. */
    record Result(double bill, double dischargedKwh) {
    }

    private SiteLoop() {
    }

    static SteppedBuilding building(long seed, Instant start, DispatchSettings s) {
        return new SteppedBuilding(Map.of("seed", seed, "pvKwp", BessSuite.PV_KWP, "startTime", start.toString(),
                "batteryKwh", s.battery().capacityKwh(), "batteryMaxKw", s.battery().maxDischargeKw(),
                "batteryInitialSocPercent", 50, "stepSeconds", 60));
    }

    /** Runs from {@code warmFrom} to {@code to}, billing from {@code from}. */
    static Result run(DispatchSettings s, long seed, Instant warmFrom, Instant from, Instant to, Strategy strategy) {
        SteppedBuilding b = building(seed, warmFrom, s);
        Map<PointId, PointDefinition> defs = new HashMap<>();
        b.source().points().forEach(p -> defs.put(p.id(), p));
        double bill = 0;
        double discharged = 0;
        double h = CYCLE.toNanos() / 3.6e12;
        PointId power = PointId.parse("battery/power");
        while (b.now().isBefore(to)) {
            Instant t = b.now();
            PointSnapshot snap = new PointSnapshot(t, defs, b.source().latestValues());
            if (!t.isBefore(from)) {
                double grid = snap.values().get(GRID).value();
                double price = s.importPrice(t);
                // The grid reading is the power over the cycle just past.
                bill += (grid > 0 ? grid * price : grid * price * s.exportFactor()) * h;
                discharged += Math.max(0, snap.values().get(power).value()) / s.battery().oneWayEfficiency() * h;
            }
            Map<PointId, Double> req = new LinkedHashMap<>();
            strategy.run(context(t, snap, req));
            req.forEach((p, v) -> b.sink().write(p, v, o -> { }));
            b.advance(CYCLE);
        }
        return new Result(bill, discharged);
    }

    static CycleContext context(Instant t, PointSnapshot snap, Map<PointId, Double> req) {
        return new CycleContext() {
            @Override
            public long cycle() {
                return 0;
            }

            @Override
            public Instant now() {
                return t;
            }

            @Override
            public Duration period() {
                return CYCLE;
            }

            @Override
            public PointSnapshot snapshot() {
                return snap;
            }

            @Override
            public void request(PointId point, double value) {
                req.put(point, value);
            }

            @Override
            public void release(PointId point) {
                req.remove(point);
            }
        };
    }

    /** Load and PV of the building, mean per 15-minute interval, from {@code start} for {@code intervals} (no battery). */
    static double[][] truth(DispatchSettings s, long seed, Instant start, int intervals) {
        SteppedBuilding b = building(seed, start, s);
        double[] load = new double[intervals];
        double[] pv = new double[intervals];
        int per = s.intervalMinutes();
        PointId l = PointId.parse("site/load");
        PointId p = PointId.parse("pv/power");
        for (int i = 0; i < intervals; i++) {
            for (int k = 0; k < per; k++) {
                b.advance(CYCLE);
                load[i] += b.source().latestValues().get(l).value() / per;
                pv[i] += b.source().latestValues().get(p).value() / per;
            }
        }
        return new double[][] {load, pv};
    }
}
