package org.thermalcommons.edge.driver.modbus;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One device's counters: written by its thread, read by metrics scrapes (thread-safe). Every rejected response is
 * counted under the rule it broke, every exception response under its code.
 */
final class ModbusCounters {
    final LongAdder polls = new LongAdder();
    final LongAdder transactions = new LongAdder();
    final LongAdder deviceFailures = new LongAdder();
    final LongAdder invalidValues = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder refusedWrites = new LongAdder();
    final LongAdder unreachableWrites = new LongAdder();
    /** Blocks asked once more at once after an exception on a block that had read well. */
    final LongAdder rereads = new LongAdder();
    private final Map<ProtocolViolation.Rule, LongAdder> rejected = new EnumMap<>(ProtocolViolation.Rule.class);
    private final Map<Integer, LongAdder> exceptions = new ConcurrentHashMap<>();
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final AtomicLong latencyMaxNanos = new AtomicLong();

    ModbusCounters() {
        for (ProtocolViolation.Rule r : ProtocolViolation.Rule.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    void rejected(ProtocolViolation.Rule rule) {
        rejected.get(rule).increment();
    }

    /** Counted by code; codes the standard does not define are counted together (key 0: label "other"). */
    void exception(int code) {
        int key = code >= 1 && code <= 11 && code != 7 && code != 9 ? code : 0;
        exceptions.computeIfAbsent(key, c -> new LongAdder()).increment();
    }

    /** A transaction that got an answer (good or exception), request to response. */
    void latency(long nanos) {
        latencyCount.increment();
        latencyNanos.add(nanos);
        latencyMaxNanos.accumulateAndGet(nanos, Math::max);
    }

    long rejectedCount(ProtocolViolation.Rule rule) {
        return rejected.get(rule).sum();
    }

    long rejectedTotal() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<ProtocolViolation.Rule, Long> rejectedByRule() {
        Map<ProtocolViolation.Rule, Long> out = new EnumMap<>(ProtocolViolation.Rule.class);
        rejected.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    Map<Integer, Long> exceptionsByCode() {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        exceptions.forEach((c, n) -> out.put(c, n.sum()));
        return out;
    }

    long latencyCount() {
        return latencyCount.sum();
    }

    double latencySeconds() {
        return latencyNanos.sum() / 1e9;
    }

    double latencyMaxSeconds() {
        return latencyMaxNanos.get() / 1e9;
    }
}
