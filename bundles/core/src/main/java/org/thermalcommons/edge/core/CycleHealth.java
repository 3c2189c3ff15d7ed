package org.thermalcommons.edge.core;

import org.thermalcommons.edge.api.command.CommandState;
import org.thermalcommons.edge.api.health.Health;

/**
 * The cycle's health: DOWN when its thread is not running or no cycle has ended for ten periods (at least 5 s);
 * DEGRADED while a controller is isolated or a command has failed; UP otherwise.
 */
final class CycleHealth {
    private CycleHealth() {
    }

    static Health of(CycleEngine engine, boolean running) {
        if (!running) {
            return Health.down("the control cycle is stopped");
        }
        long limit = Math.max(5_000_000_000L, engine.period().toNanos() * 10);
        long since = engine.nanosSinceLastCycle();
        if (since > limit) {
            return Health.down("no control cycle completed for " + since / 1_000_000 + " ms");
        }
        long isolated = engine.controllers().stream().filter(e -> e.isolated).count();
        long failed = engine.commands.commands().stream().filter(c -> c.state() == CommandState.FAILED).count();
        if (isolated > 0 || failed > 0) {
            return Health.degraded(isolated + " controller(s) isolated, " + failed + " command(s) failed");
        }
        return Health.up();
    }
}
