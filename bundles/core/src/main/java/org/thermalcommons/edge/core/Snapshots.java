package org.thermalcommons.edge.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;

/** The point sources and the immutable snapshot taken from them each cycle, with staleness applied. */
final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

    private final List<PointSource> sources = new CopyOnWriteArrayList<>();
    /** Cycle-thread state: duplicate points already warned about. */
    private final Set<PointId> duplicatePoints = new HashSet<>();

    void add(PointSource s) {
        sources.add(s);
    }

    void remove(PointSource s) {
        sources.remove(s);
    }

    /** Every point and its latest value; a source that throws is skipped for this snapshot. */
    PointSnapshot take(Instant now, double speed) {
        Map<PointId, PointDefinition> defs = new HashMap<>();
        Map<PointId, PointValue> values = new HashMap<>();
        for (PointSource s : sources) {
            List<PointDefinition> points;
            Map<PointId, PointValue> latest;
            try {
                points = s.points();
                latest = s.latestValues();
            } catch (RuntimeException e) {
                LOG.warn("Point source {} failed to report its values; skipped this cycle", safeId(s), e);
                continue;
            }
            for (PointDefinition d : points) {
                if (defs.putIfAbsent(d.id(), d) != null) {
                    if (duplicatePoints.add(d.id())) {
                        LOG.warn("Point {} is supplied by more than one source; the first one is used, not {}",
                                d.id(), safeId(s));
                    }
                    continue;
                }
                PointValue v = latest.get(d.id());
                if (v != null) {
                    values.put(d.id(), withStaleness(v, d, now, speed));
                }
            }
        }
        return new PointSnapshot(now, defs, values);
    }

    /** A good value older than its staleness limit is stale; limits are wall time, scaled by the clock's speed. */
    static PointValue withStaleness(PointValue v, PointDefinition d, Instant now, double speed) {
        if (v.quality() != Quality.GOOD) {
            return v;
        }
        long allowedMillis = (long) (d.staleAfter().toMillis() * speed);
        long ageMillis = Duration.between(v.timestamp(), now).toMillis();
        return ageMillis > allowedMillis ? v.withQuality(Quality.STALE) : v;
    }

    static String safeId(PointSource s) {
        try {
            return s.sourceId();
        } catch (RuntimeException e) {
            return s.getClass().getName();
        }
    }
}
