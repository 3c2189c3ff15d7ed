package org.thermalcommons.edge.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;

/** Opens the store's real {@link Database} for the store benchmark (same package only to reach it). */
public final class StoreHarness implements AutoCloseable {
    private final Database db;

    public StoreHarness(Path dir) {
        db = Database.open(dir, new Database.Settings(2_000_000, 5_000, Duration.ofDays(30), Duration.ofDays(365),
                Duration.ofMinutes(10)), Instant::now);
    }

    public void enqueue(List<PointValue> values) {
        db.enqueue(values);
    }

    public long stored() {
        return db.storedSamples();
    }

    public long dropped() {
        return db.droppedSamples();
    }

    public List<PointValue> history(PointId p, Instant from, Instant to, int limit) {
        return db.history(p, from, to, limit);
    }

    @Override
    public void close() {
        db.close();
    }
}
