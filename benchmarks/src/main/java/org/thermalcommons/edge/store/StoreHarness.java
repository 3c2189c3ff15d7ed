package org.thermalcommons.edge.store;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * The store component as the gateway runs it, with its shipped default configuration (the metatype defaults), fed
 * through {@link StoreComponent#cycleCompleted} on a clock the benchmark sets (same package only to reach it).
 */
public final class StoreHarness implements AutoCloseable {
    private final StoreComponent store = new StoreComponent();
    private final AtomicReference<Instant> now;
    private long cycle;
    private boolean closed;

    public StoreHarness(Path dir, Instant start) {
        now = new AtomicReference<>(start);
        store.clock = new EdgeClock() {
            @Override
            public Instant now() {
                return now.get();
            }
        };
        store.start(dir, defaults());
    }

    private static StoreComponent.Config defaults() {
        return (StoreComponent.Config) Proxy.newProxyInstance(StoreComponent.Config.class.getClassLoader(),
                new Class<?>[] {StoreComponent.Config.class}, (p, m, a) -> m.getDefaultValue());
    }

    /** Hands the store one cycle's snapshot, as the control cycle does, at the given clock time. */
    public void cycle(Instant at, Map<PointId, PointDefinition> definitions, Map<PointId, PointValue> values) {
        now.set(at);
        store.cycleCompleted(new CycleReport(cycle++, new PointSnapshot(at, definitions, values), List.of(),
                Duration.ZERO, Duration.ZERO));
    }

    /** Waits while the writer's queue holds more than {@code max} samples (keeps a fast feed from dropping). */
    public void throttle(int max) throws InterruptedException {
        while (store.db().queued() > max) {
            Thread.sleep(1);
        }
    }

    public long stored() {
        return store.storedSamples();
    }

    public long dropped() {
        return store.droppedSamples();
    }

    /** Measurements the writer has processed (stored, thinned by the storage policy, or repeats). */
    public long processed() {
        StoreCounters c = store.db().counters();
        return c.stored.get() + c.filtered.get() + c.duplicates.get() + c.dropped.get() + c.droppedByFailure.get();
    }

    public List<PointValue> history(PointId p, Instant from, Instant to, int limit) {
        return store.history(p, from, to, limit);
    }

    public Series chart(PointId p, Instant from, Instant to, int maxPoints) {
        return store.chart(p, from, to, maxPoints);
    }

    /** Bytes of the database and its WAL on disk. */
    public long bytes() {
        return store.db().size();
    }

    public Path file() {
        return store.db().file();
    }

    /** How long the shipped configuration keeps each resolution. */
    public Map<Resolution, Duration> retention() {
        return StoreComponent.settings(defaults()).retention();
    }

    /**
     * After {@link #close}: bytes of the pages each table and index uses (SQLite's dbstat), and for the rollups the
     * number of rows per level, read with a separate connection.
     */
    public static Map<String, Long> tableBytes(Path file) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")) {
                while (r.next()) {
                    out.put(r.getString(1), r.getLong(2));
                }
            }
            for (Resolution level : Levels.ROLLUPS) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM rollups WHERE level = " + Levels.code(level))) {
                    r.next();
                    out.put("rows:" + level, r.getLong(1));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.deactivate();
        }
    }
}
