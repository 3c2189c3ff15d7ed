package org.thermalcommons.edge.market;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time-weighted averages per interval of what was committed, what the meter saw and the baseline (kW, signed like
 * trades: &gt; 0 discharge / reduce). Written by the cycle, read by the market thread; synchronised, never blocking
 * for long.
 */
final class DeliveryMeter {
    /** One interval's averages. */
    record Reading(Instant start, Instant end, double committedKw, double deliveredKw, double baselineKw,
                   List<String> tradeIds) {
    }

    private static final class Acc {
        final Instant end;
        final List<String> trades = new ArrayList<>();
        double seconds;
        double committed;
        double delivered;
        double baseline;

        Acc(Instant end) {
            this.end = end;
        }
    }

    private final Map<Instant, Acc> open = new TreeMap<>();

    synchronized void add(Instant start, Instant end, List<String> tradeIds, double seconds, double committedKw,
                          double meteredKw, double baselineKw) {
        Acc a = open.computeIfAbsent(start, s -> new Acc(end));
        for (String id : tradeIds) {
            if (!a.trades.contains(id)) {
                a.trades.add(id);
            }
        }
        a.seconds += seconds;
        a.committed += committedKw * seconds;
        a.delivered += (meteredKw - baselineKw) * seconds;
        a.baseline += baselineKw * seconds;
    }

    /** Readings of intervals that ended at or before {@code now}, removed from the meter. */
    synchronized List<Reading> finished(Instant now) {
        List<Reading> out = new ArrayList<>();
        var it = open.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Acc a = e.getValue();
            if (a.end.isAfter(now)) {
                continue;
            }
            it.remove();
            double s = Math.max(a.seconds, 1e-9);
            out.add(new Reading(e.getKey(), a.end, a.committed / s, a.delivered / s, a.baseline / s,
                    List.copyOf(a.trades)));
        }
        return out;
    }
}
