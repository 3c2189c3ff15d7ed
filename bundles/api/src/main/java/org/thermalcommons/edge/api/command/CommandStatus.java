package org.thermalcommons.edge.api.command;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;

/**
 * The command on one point as the core sees it now.
 *
 * @param point    the commanded point
 * @param state    lifecycle state
 * @param value    the commanded value (empty once relinquished)
 * @param priority priority of the winning request
 * @param origin   who asked (controller id, {@code console:user}, {@code safe-state})
 * @param since    when (gateway clock) the state was entered
 * @param attempts sends of the current value so far
 * @param reason   the device's or core's last reason (refusal, failure), if any
 * @param counters counters since start
 */
public record CommandStatus(PointId point, CommandState state, OptionalDouble value, WritePriority priority,
                            String origin, Instant since, int attempts, Optional<String> reason,
                            CommandCounters counters) {
    public CommandStatus {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(since, "since");
        value = value == null ? OptionalDouble.empty() : value;
        reason = reason == null ? Optional.empty() : reason;
        counters = counters == null ? CommandCounters.ZERO : counters;
    }
}
