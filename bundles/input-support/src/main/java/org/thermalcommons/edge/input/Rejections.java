package org.thermalcommons.edge.input;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts rejected inputs per rule, for a component's metrics ({@code cool_edge_..._rejected_total{rule=...}}).
 * Rules are the stable names of {@link InputRejectedException#rule()}; their number is small and fixed by the code,
 * so the label set stays bounded. Thread-safe.
 */
public final class Rejections {
    private final Map<String, LongAdder> byRule = new ConcurrentHashMap<>();

    /** Counts one rejection under its rule. */
    public void count(InputRejectedException e) {
        count(e.rule());
    }

    /** Counts one rejection under {@code rule}. */
    public void count(String rule) {
        byRule.computeIfAbsent(rule, r -> new LongAdder()).increment();
    }

    /** All rejections since start. */
    public long total() {
        return byRule.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Rejections of one rule since start. */
    public long of(String rule) {
        LongAdder a = byRule.get(rule);
        return a == null ? 0 : a.sum();
    }

    /** A copy: rule → count, sorted by rule. */
    public Map<String, Long> byRule() {
        Map<String, Long> out = new TreeMap<>();
        byRule.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
