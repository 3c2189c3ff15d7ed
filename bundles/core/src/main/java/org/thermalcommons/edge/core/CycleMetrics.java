package org.thermalcommons.edge.core;

import java.util.EnumMap;
import java.util.Map;
import org.thermalcommons.edge.api.command.CommandCounters;
import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.metrics.MetricsCollector;

/** The cycle's and the command layer's figures as metrics ({@code cool_edge_cycle_*}, {@code cool_edge_command_*}). */
final class CycleMetrics {
    private CycleMetrics() {
    }

    static void collect(CycleEngine engine, MetricsCollector out) {
        CycleStatistics s = engine.statistics();
        out.counter("cool_edge_cycles_total", "Control cycles run", Map.of(), s.cycles());
        out.counter("cool_edge_cycle_overruns_total", "Cycles that took longer than the period", Map.of(), s.overruns());
        out.counter("cool_edge_cycle_missed_total", "Scheduled cycles that never ran", Map.of(), s.missedCycles());
        out.gauge("cool_edge_cycle_duration_p99_seconds", "99th percentile cycle duration", Map.of(),
                s.durationP99Micros() / 1e6);
        out.gauge("cool_edge_cycle_lateness_p99_seconds", "99th percentile cycle start lateness", Map.of(),
                s.latenessP99Micros() / 1e6);
        out.counter("cool_edge_cycle_rejected_writes_total", "Arbitrated writes to unknown, read-only or unsinked points",
                Map.of(), engine.rejectedWrites());
        s.controllers().forEach((id, c) -> {
            Map<String, String> l = Map.of("controller", id);
            out.counter("cool_edge_controller_runs_total", "Successful controller runs", l, c.runs());
            out.counter("cool_edge_controller_failures_total", "Controller runs that threw", l, c.failures());
            out.counter("cool_edge_controller_overruns_total", "Controller runs over their budget", l, c.budgetOverruns());
            out.gauge("cool_edge_controller_isolated", "1 when the controller is isolated", l, c.isolated() ? 1 : 0);
        });
        for (String id : engine.shadowControllers()) {
            out.gauge("cool_edge_controller_shadow", "1 when the controller runs in shadow (requests never applied)",
                    Map.of("controller", id), 1);
        }
        engine.shadowTotals().forEach((id, t) -> {
            Map<String, String> l = Map.of("controller", id);
            out.counter("cool_edge_shadow_comparisons_total", "Shadow requests compared with the active controllers'", l,
                    t.comparisons());
            out.counter("cool_edge_shadow_differences_total", "Shadow requests that differ from the active controllers'", l,
                    t.differences());
        });
        engine.runawayCpuNanos().forEach((id, ns) -> out.counter("cool_edge_controller_runaway_cpu_seconds_total",
                "CPU burnt by a controller's abandoned (interrupted) runs", Map.of("controller", id), ns / 1e9));
        out.counter("cool_edge_controller_deferred_total", "Controller runs put off to the next cycle (cycle deadline)",
                Map.of(), engine.deferredRuns());
        out.counter("cool_edge_controller_bundles_stopped_total", "Bundles stopped because their controller ran away",
                Map.of(), engine.stoppedBundles());

        Map<CommandState, Integer> byState = new EnumMap<>(CommandState.class);
        for (CommandState st : CommandState.values()) {
            byState.put(st, 0);
        }
        for (CommandStatus c : engine.commands.commands()) {
            byState.merge(c.state(), 1, Integer::sum);
            Map<String, String> l = Map.of("point", c.point().toString());
            CommandCounters k = c.counters();
            out.counter("cool_edge_command_sent_total", "Writes handed to the driver", l, k.sent());
            out.counter("cool_edge_command_acknowledged_total", "Writes the device accepted", l, k.acknowledged());
            out.counter("cool_edge_command_verified_total", "Commands confirmed by read-back", l, k.verified());
            out.counter("cool_edge_command_refused_total", "Writes the device refused", l, k.refused());
            out.counter("cool_edge_command_failed_total", "Commands given up after their attempts", l, k.failed());
            out.counter("cool_edge_command_reasserted_total", "Re-sends of an unchanged value", l, k.reasserted());
        }
        byState.forEach((st, n) -> out.gauge("cool_edge_commands", "Commands by state",
                Map.of("state", st.name().toLowerCase(java.util.Locale.ROOT)), n));
    }
}
