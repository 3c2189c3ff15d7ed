package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointId;

/**
 * Shadow mode: the controllers named in the Cycle's {@code shadowControllers} run every cycle on the same snapshot as
 * the others, but their requests are latched here instead of in the arbiter, so they never reach a device. Each cycle
 * every point a shadow requests is compared with the active controllers' winning request for it (differs by more than
 * {@value #TOLERANCE}, or no active request at all); the counts are reported once per interval (gateway clock) as one
 * line per shadow controller, for the log and the audit, and kept as totals for the metrics. Cycle thread only, except
 * {@link #ids()} and {@link #totals()}.
 */
final class ShadowRecorder {
    static final double TOLERANCE = 1e-6;

    /** Totals since start for one shadow controller. */
    record Totals(long comparisons, long differences, long withoutActive) {
    }

    private static final class Tally {
        long comparisons;
        long differences;
        long withoutActive;
        double maxDelta;
        PointId maxDeltaPoint;
        final Set<PointId> points = new java.util.TreeSet<>();
    }

    private record Change(Set<String> ids, Duration interval) {
    }

    private final java.util.concurrent.atomic.AtomicReference<Change> pending = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Set<String> ids = Set.of();
    private volatile Duration interval = Duration.ofMinutes(15);
    private final Map<String, Map<PointId, WriteRequest>> latched = new HashMap<>();
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Map<String, Totals> totals = new ConcurrentHashMap<>();
    private Instant bucket;

    /** The configured shadow ids (any thread). */
    Set<String> ids() {
        return ids;
    }

    /** Sets the shadow ids (cycle thread, when a configuration change is applied). */
    void configure(Set<String> shadowIds, Duration reportInterval) {
        ids = Set.copyOf(shadowIds);
        interval = reportInterval;
    }

    /** A configuration change (any thread), applied by the cycle thread at its next {@link #applyChange}. */
    void requestChange(Set<String> shadowIds, Duration reportInterval) {
        pending.set(new Change(Set.copyOf(shadowIds), reportInterval));
    }

    /**
     * Applies a pending change (cycle thread): a controller leaving the set is promoted (its latched shadow requests go
     * to arbitration), one entering it is demoted (its requests in the arbiter are withdrawn). {@code notify} gets the
     * controller id and a message for the log and the audit.
     */
    void applyChange(Arbiter arbiter, java.util.function.BiConsumer<String, String> notify) {
        Change c = pending.getAndSet(null);
        if (c == null) {
            return;
        }
        Set<String> before = ids;
        configure(c.ids(), c.interval());
        for (String id : before) {
            if (!c.ids().contains(id)) {
                List<WriteRequest> handed = take(id);
                handed.forEach(arbiter::request);
                notify.accept(id, "Controller '" + id + "' promoted from shadow: its requests are applied from now on ("
                        + handed.size() + " latched requests handed to arbitration)");
            }
        }
        for (String id : c.ids()) {
            if (!before.contains(id)) {
                arbiter.releaseAll(id);
                notify.accept(id, "Controller '" + id + "' runs in shadow: its requests are recorded and compared with the"
                        + " active controllers', never applied (any it had in force are withdrawn)");
            }
        }
    }

    boolean isShadow(String id) {
        return ids.contains(id);
    }

    /** A successful run of a shadow controller: its releases, then its requests, latched here. */
    void record(String id, List<PointId> releases, List<WriteRequest> requests) {
        Map<PointId, WriteRequest> m = latched.computeIfAbsent(id, k -> new HashMap<>());
        for (PointId p : releases) {
            m.remove(p);
        }
        for (WriteRequest r : requests) {
            m.put(r.point(), r);
        }
    }

    /** The latched requests of a shadow, removed (promotion hands them to the arbiter). */
    List<WriteRequest> take(String id) {
        Map<PointId, WriteRequest> m = latched.remove(id);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** Forgets a shadow's requests (controller removed, isolated, or demoted back from active). */
    void forget(String id) {
        latched.remove(id);
    }

    /**
     * Compares every shadow's latched requests with this cycle's winning active requests; returns the report lines of
     * an interval that closed (one per shadow controller that requested anything in it), keyed by controller id.
     */
    Map<String, String> compare(Map<PointId, WriteRequest> winners, Instant now) {
        long s = interval.toSeconds();
        Instant b = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), s) * s);
        Map<String, String> out = new LinkedHashMap<>();
        if (bucket != null && !b.equals(bucket)) {
            tallies.forEach((id, t) -> out.put(id, line(id, t, bucket, b)));
            tallies.clear();
        }
        bucket = b;
        latched.keySet().retainAll(ids);
        for (Map.Entry<String, Map<PointId, WriteRequest>> e : latched.entrySet()) {
            Tally t = tallies.computeIfAbsent(e.getKey(), k -> new Tally());
            long cmp = 0;
            long diff = 0;
            long none = 0;
            for (WriteRequest r : e.getValue().values()) {
                cmp++;
                t.points.add(r.point());
                WriteRequest active = winners.get(r.point());
                if (active == null) {
                    none++;
                    diff++;
                    continue;
                }
                double delta = Math.abs(active.value() - r.value());
                if (delta > TOLERANCE) {
                    diff++;
                    if (delta > t.maxDelta) {
                        t.maxDelta = delta;
                        t.maxDeltaPoint = r.point();
                    }
                }
            }
            t.comparisons += cmp;
            t.differences += diff;
            t.withoutActive += none;
            long c = cmp;
            long d = diff;
            long n = none;
            totals.merge(e.getKey(), new Totals(c, d, n), (a, x) -> new Totals(a.comparisons() + x.comparisons(),
                    a.differences() + x.differences(), a.withoutActive() + x.withoutActive()));
        }
        return out;
    }

    private static String line(String id, Tally t, Instant from, Instant to) {
        StringBuilder b = new StringBuilder("Shadow controller '").append(id).append("' ").append(from).append(" to ")
                .append(to).append(": ").append(t.comparisons).append(" requests on ").append(t.points.size())
                .append(" points compared with the active controllers', ").append(t.differences).append(" differ");
        if (t.withoutActive > 0) {
            b.append(" (").append(t.withoutActive).append(" where no active controller requests the point)");
        }
        if (t.maxDeltaPoint != null) {
            b.append(", largest difference ").append(Math.round(t.maxDelta * 1000) / 1000.0).append(" on ")
                    .append(t.maxDeltaPoint);
        }
        return b.append("; none applied").toString();
    }

    /** Totals per shadow controller since start (any thread). */
    Map<String, Totals> totals() {
        return Map.copyOf(totals);
    }

    /** Points a shadow has latched now (tests). */
    List<WriteRequest> latched(String id) {
        Map<PointId, WriteRequest> m = latched.get(id);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }
}
