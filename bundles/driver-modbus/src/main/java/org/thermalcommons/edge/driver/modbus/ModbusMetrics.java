package org.thermalcommons.edge.driver.modbus;

import java.util.Map;
import org.thermalcommons.edge.api.metrics.MetricsCollector;

/** One device's counters as {@code cool_edge_modbus_*} metrics, labelled by device (and rule or exception code). */
final class ModbusMetrics {
    private final String device;
    private final ModbusDevice d;
    private final Map<String, String> labels;

    ModbusMetrics(String device, ModbusDevice d) {
        this.device = device;
        this.d = d;
        this.labels = Map.of("device", device);
    }

    void collect(MetricsCollector out) {
        ModbusCounters c = d.counters();
        out.counter("cool_edge_modbus_polls_total", "Poll group cycles attempted", labels, c.polls.sum());
        out.counter("cool_edge_modbus_transactions_total", "Requests sent", labels, c.transactions.sum());
        out.counter("cool_edge_modbus_device_failures_total", "Polls or writes that found the device unreachable or misbehaving",
                labels, c.deviceFailures.sum());
        out.counter("cool_edge_modbus_invalid_values_total", "Readings rejected as implausible", labels, c.invalidValues.sum());
        out.counter("cool_edge_modbus_writes_total", "Writes the device accepted", labels, c.writes.sum());
        out.counter("cool_edge_modbus_writes_refused_total", "Writes refused (exception response or not encodable)", labels,
                c.refusedWrites.sum());
        out.counter("cool_edge_modbus_writes_unreachable_total", "Writes that did not reach the device", labels,
                c.unreachableWrites.sum());
        out.counter("cool_edge_modbus_block_rereads_total", "Blocks read once more at once after an exception on a block that read well",
                labels, c.rereads.sum());
        c.rejectedByRule().forEach((rule, n) -> out.counter("cool_edge_modbus_rejected_total",
                "Responses (or their absence) rejected, by rule", Map.of("device", device, "rule", rule.label), n));
        c.exceptionsByCode().forEach((code, n) -> out.counter("cool_edge_modbus_exceptions_total",
                "Exception responses, by exception code", Map.of("device", device, "code", code == 0 ? "other" : Integer.toString(code)), n));
        out.counter("cool_edge_modbus_transaction_seconds_count", "Answered transactions", labels, c.latencyCount());
        out.counter("cool_edge_modbus_transaction_seconds_sum", "Time from request to answer, summed", labels, c.latencySeconds());
        out.gauge("cool_edge_modbus_transaction_seconds_max", "Longest time from request to answer since start", labels,
                c.latencyMaxSeconds());
        out.gauge("cool_edge_modbus_consecutive_failures", "Failures since the device last answered (0: up)", labels,
                d.consecutiveFailures());
    }
}
