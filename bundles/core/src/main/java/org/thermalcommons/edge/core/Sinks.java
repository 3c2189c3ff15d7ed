package org.thermalcommons.edge.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;

/** The registered point sinks and which one writes a point. */
final class Sinks {
    private static final Logger LOG = LoggerFactory.getLogger(Sinks.class);

    private final List<PointSink> sinks = new CopyOnWriteArrayList<>();

    void add(PointSink s) {
        sinks.add(s);
    }

    void remove(PointSink s) {
        sinks.remove(s);
    }

    boolean contains(PointSink s) {
        return sinks.contains(s);
    }

    /** The first sink that writes the point, or null. */
    PointSink sinkFor(PointId p) {
        for (PointSink s : sinks) {
            try {
                if (s.canWrite(p)) {
                    return s;
                }
            } catch (RuntimeException e) {
                LOG.warn("Sink {} failed canWrite({})", safeId(s), p, e);
            }
        }
        return null;
    }

    static String safeId(PointSink s) {
        try {
            return s.sinkId();
        } catch (RuntimeException e) {
            return s.getClass().getName();
        }
    }
}
