package org.thermalcommons.edge.bess;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.thermalcommons.edge.api.metrics.MetricsCollector;

/** The dispatcher's counters since start, thread-safe; published as {@code cool_edge_bess_*}. */
public final class DispatchCounters {
    final AtomicLong plans = new AtomicLong();
    final AtomicLong replans = new AtomicLong();
    final AtomicLong fallbackPlans = new AtomicLong();
    final AtomicLong infeasible = new AtomicLong();
    final AtomicLong shortfalls = new AtomicLong();
    final DoubleAdder shortfallKwh = new DoubleAdder();
    final AtomicLong unsafeCycles = new AtomicLong();
    final AtomicLong planMicros = new AtomicLong();

    /** Plans made (every interval, and on deviation). */
    public long plans() {
        return plans.get();
    }

    /** Plans made because the measured SOC left the plan (not at the start of an interval). */
    public long replans() {
        return replans.get();
    }

    /** Plans made with the fallback template because there was no forecast yet. */
    public long fallbackPlans() {
        return fallbackPlans.get();
    }

    public long infeasible() {
        return infeasible.get();
    }

    /** Plans that could not meet every commitment (executed anyway). */
    public long shortfalls() {
        return shortfalls.get();
    }

    /** Cycles the battery was held at its safe value (a measurement missing, an inverter alarm). */
    public long unsafeCycles() {
        return unsafeCycles.get();
    }

    void collect(MetricsCollector out) {
        Map<String, String> none = Map.of();
        out.counter("cool_edge_bess_plans_total", "Battery plans made", none, plans.get());
        out.counter("cool_edge_bess_replans_total", "Battery plans made because the SOC left the plan", none, replans.get());
        out.counter("cool_edge_bess_fallback_plans_total", "Battery plans made with the fallback template (no forecast yet)", none, fallbackPlans.get());
        out.counter("cool_edge_bess_infeasible_plans_total", "Battery plans that could not be made (battery held at 0 kW)", none, infeasible.get());
        out.counter("cool_edge_bess_shortfall_plans_total", "Battery plans short of the commitments (executed anyway)", none, shortfalls.get());
        out.counter("cool_edge_bess_shortfall_kwh_total", "Commitment energy the plans could not deliver", none, shortfallKwh.sum());
        out.counter("cool_edge_bess_unsafe_cycles_total", "Cycles the battery was held at its safe value", none, unsafeCycles.get());
        out.gauge("cool_edge_bess_last_plan_seconds", "Time the last plan took", none, planMicros.get() / 1e6);
    }
}
