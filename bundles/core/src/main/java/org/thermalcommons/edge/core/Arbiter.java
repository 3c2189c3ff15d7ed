package org.thermalcommons.edge.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointId;

/**
 * Latched write requests per origin and their arbitration per point: the highest priority wins; at equal priority the
 * lexically smallest origin wins, so the outcome never depends on registration or iteration order.
 */
final class Arbiter {
    private final Map<String, Map<PointId, WriteRequest>> latched = new LinkedHashMap<>();

    void request(WriteRequest r) {
        latched.computeIfAbsent(r.origin(), k -> new HashMap<>()).put(r.point(), r);
    }

    void release(String origin, PointId point) {
        Map<PointId, WriteRequest> m = latched.get(origin);
        if (m != null) {
            m.remove(point);
        }
    }

    void releaseAll(String origin) {
        latched.remove(origin);
    }

    int latchedCount() {
        return latched.values().stream().mapToInt(Map::size).sum();
    }

    /** The winning request of each point that has at least one. */
    Map<PointId, WriteRequest> winners() {
        Map<PointId, WriteRequest> best = new HashMap<>();
        for (Map<PointId, WriteRequest> perOrigin : latched.values()) {
            for (WriteRequest r : perOrigin.values()) {
                best.merge(r.point(), r, Arbiter::better);
            }
        }
        return best;
    }

    static WriteRequest better(WriteRequest a, WriteRequest b) {
        if (a.priority() != b.priority()) {
            return a.priority().outranks(b.priority()) ? a : b;
        }
        return a.origin().compareTo(b.origin()) <= 0 ? a : b;
    }

    static WriteRequest winner(Collection<WriteRequest> requests) {
        return requests.stream().reduce(Arbiter::better).orElseThrow();
    }
}
