package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleStatistics.ControllerStatistics;
import org.thermalcommons.edge.api.control.WritePriority;

/**
 * The core's bookkeeping for one registered controller: its order key, failure counters and isolation state.
 * Mutated only on the cycle thread, except {@link #resetIsolation()} and reads for statistics (volatile fields).
 */
final class ControllerEntry {
    static final long DEFAULT_BUDGET_NANOS = 50_000_000L;

    final Controller controller;
    final String id;
    final WritePriority priority;
    /** The budget the controller declares; the runner caps it. */
    final long declaredBudgetNanos;
    /** The bundle that registered the controller ({@code service.bundleid}), -1 when unknown. */
    final long bundleId;
    volatile long runs;
    volatile long failures;
    volatile long budgetOverruns;
    volatile long lastRunNanos;
    volatile int consecutiveFailures;
    volatile boolean isolated;
    /** Gateway-clock time of the last successful run (cycle thread), for {@code CycleContext.elapsed()}. */
    Instant lastSuccessAt;

    ControllerEntry(Controller controller, long bundleId) {
        this.controller = controller;
        this.id = controller.id();
        this.priority = controller.priority();
        this.bundleId = bundleId;
        Duration budget = controller.timeBudget();
        this.declaredBudgetNanos = budget == null || budget.isNegative() || budget.isZero() ? DEFAULT_BUDGET_NANOS
                : budget.toNanos();
    }

    void resetIsolation() {
        consecutiveFailures = 0;
        isolated = false;
    }

    ControllerStatistics statistics() {
        return new ControllerStatistics(runs, failures, budgetOverruns, lastRunNanos / 1_000, isolated);
    }

    /** Highest priority first, then by id: the run order. */
    static int order(ControllerEntry a, ControllerEntry b) {
        int c = Integer.compare(a.priority.ordinal(), b.priority.ordinal());
        return c != 0 ? c : a.id.compareTo(b.id);
    }
}
