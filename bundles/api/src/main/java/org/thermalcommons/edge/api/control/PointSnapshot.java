package org.thermalcommons.edge.api.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;

/**
 * Immutable view of every known point at the start of a cycle: definitions, and latest values with their quality
 * as of {@code takenAt}.
 */
public record PointSnapshot(Instant takenAt, Map<PointId, PointDefinition> definitions, Map<PointId, PointValue> values) {
    public PointSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        definitions = Map.copyOf(definitions);
        values = Map.copyOf(values);
    }

    public Optional<PointValue> value(PointId id) {
        return Optional.ofNullable(values.get(id));
    }

    /** The value if it is {@code GOOD}. */
    public Optional<PointValue> goodValue(PointId id) {
        PointValue v = values.get(id);
        return v != null && v.isGood() ? Optional.of(v) : Optional.empty();
    }

    public Optional<PointDefinition> definition(PointId id) {
        return Optional.ofNullable(definitions.get(id));
    }

    /** Points with the given role, sorted by id. */
    public List<PointDefinition> withRole(Role role) {
        return definitions.values().stream().filter(d -> d.role().equals(role))
                .sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    /** The point with the given role on the given device, if there is exactly one. */
    public Optional<PointDefinition> onDevice(String device, Role role) {
        List<PointDefinition> found = definitions.values().stream()
                .filter(d -> d.id().device().equals(device) && d.role().equals(role)).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
}
