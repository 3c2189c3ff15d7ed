package org.thermalcommons.edge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.api.store.SignalKind;

/**
 * The gateway's SQLite database: one writer thread that drains bounded queues in batched transactions, and a separate
 * read connection (WAL lets reads run beside the writer). Callers never block: {@link #enqueue} drops and counts when
 * the queue is full. Repeated values of a point (same timestamp and quality) are stored once.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String FILE = "edge.db";

    /** Settings; see the component's metatype for meanings and ranges. */
    record Settings(int queueCapacity, int batchSize, Duration retention, Duration auditRetention,
                    Duration retentionEvery) {
    }

    private final Path file;
    private final Settings settings;
    private final Supplier<Instant> clock;
    private final Connection writer;
    private final Connection reader;
    private final BlockingQueue<PointValue> samples;
    private final BlockingQueue<AuditEvent> audits = new LinkedBlockingQueue<>(10_000);
    private final Map<PointId, Long> pointKeys = new HashMap<>();
    private final Map<PointId, PointValue> lastStored = new HashMap<>();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean dropping;
    private Instant lastRetention;

    private Database(Path file, Settings settings, Supplier<Instant> clock) throws SQLException {
        this.file = file;
        this.settings = settings;
        this.clock = clock;
        this.samples = new ArrayBlockingQueue<>(settings.queueCapacity());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5_000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        this.writer = ds.getConnection();
        int before = Migrations.migrate(writer, Migrations.STEPS);
        if (before != Migrations.latest()) {
            LOG.info("Database {} migrated from schema version {} to {}", file, before, Migrations.latest());
        }
        this.reader = ds.getConnection();
        this.thread = new Thread(this::run, "cool-edge-store");
        this.thread.setDaemon(true);
    }

    /**
     * Opens (creating and migrating) {@code <dataDir>/edge.db} and starts the writer thread.
     *
     * @throws IllegalStateException with one clear message when the data directory cannot be written
     */
    static Database open(Path dataDir, Settings settings, Supplier<Instant> clock) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalStateException("Cannot write the data directory " + dir + " (" + e.getClass().getSimpleName()
                    + "). Give the gateway write access to it, or set dataDir in etc/" + StoreComponent.PID + ".cfg.", e);
        }
        try {
            Database db = new Database(dir.resolve(FILE), settings, clock);
            db.thread.start();
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the database " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Queues samples; never blocks. Samples that do not fit are dropped and counted. */
    void enqueue(Iterable<PointValue> values) {
        for (PointValue v : values) {
            if (!samples.offer(v)) {
                dropped.incrementAndGet();
                if (!dropping) {
                    dropping = true;
                    LOG.warn("Sample queue full ({} samples): new samples are dropped until the writer catches up", settings.queueCapacity());
                }
            }
        }
    }

    void enqueue(AuditEvent e) {
        if (!audits.offer(e)) {
            LOG.warn("Audit queue full; event dropped: {} {} {}", e.category(), e.subject(), e.message());
        }
    }

    long storedSamples() {
        return stored.get();
    }

    long droppedSamples() {
        return dropped.get();
    }

    long deletedByRetention() {
        return deleted.get();
    }

    int queued() {
        return samples.size();
    }

    private void run() {
        List<PointValue> batch = new ArrayList<>(settings.batchSize());
        List<AuditEvent> events = new ArrayList<>();
        while (running || !samples.isEmpty() || !audits.isEmpty()) {
            try {
                PointValue first = samples.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    samples.drainTo(batch, settings.batchSize() - 1);
                }
                audits.drainTo(events);
                if (!batch.isEmpty() || !events.isEmpty()) {
                    write(batch, events);
                }
                retention();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (SQLException | RuntimeException e) {
                LOG.error("Writing {} samples and {} events to {} failed; they are dropped and writing goes on",
                        batch.size(), events.size(), file, e);
                dropped.addAndGet(batch.size());
                rollbackQuietly();
            } finally {
                batch.clear();
                events.clear();
            }
        }
    }

    private void write(List<PointValue> batch, List<AuditEvent> events) throws SQLException {
        writer.setAutoCommit(false);
        int n = 0;
        try (PreparedStatement ins = writer.prepareStatement("INSERT INTO samples(point, ts, value, quality) VALUES (?,?,?,?)");
             PreparedStatement aud = writer.prepareStatement("INSERT INTO audit(ts, category, subject, message) VALUES (?,?,?,?)")) {
            for (PointValue v : batch) {
                PointValue last = lastStored.get(v.id());
                if (last != null && last.timestamp().equals(v.timestamp()) && last.quality() == v.quality()) {
                    continue;
                }
                ins.setLong(1, pointKey(v.id()));
                ins.setLong(2, v.timestamp().toEpochMilli());
                ins.setDouble(3, v.value());
                ins.setInt(4, v.quality().ordinal());
                ins.addBatch();
                lastStored.put(v.id(), v);
                n++;
            }
            if (n > 0) {
                ins.executeBatch();
            }
            for (AuditEvent e : events) {
                aud.setLong(1, e.at().toEpochMilli());
                aud.setString(2, e.category());
                aud.setString(3, e.subject());
                aud.setString(4, e.message());
                aud.addBatch();
            }
            if (!events.isEmpty()) {
                aud.executeBatch();
            }
            writer.commit();
        } finally {
            writer.setAutoCommit(true);
        }
        stored.addAndGet(n);
        if (dropping && samples.remainingCapacity() > settings.queueCapacity() / 2) {
            dropping = false;
            LOG.info("Sample queue has room again; {} samples were dropped in all", dropped.get());
        }
    }

    private long pointKey(PointId id) throws SQLException {
        Long k = pointKeys.get(id);
        if (k != null) {
            return k;
        }
        String name = id.toString();
        try (PreparedStatement ins = writer.prepareStatement("INSERT OR IGNORE INTO points(name) VALUES (?)")) {
            ins.setString(1, name);
            ins.executeUpdate();
        }
        try (PreparedStatement q = writer.prepareStatement("SELECT id FROM points WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                k = r.getLong(1);
            }
        }
        pointKeys.put(id, k);
        return k;
    }

    /** Deletes samples and audit events older than their retention, in bounded chunks, at most every retentionEvery. */
    void retention() throws SQLException {
        Instant now = clock.get();
        if (lastRetention != null && Duration.between(lastRetention, now).compareTo(settings.retentionEvery()) < 0) {
            return;
        }
        lastRetention = now;
        deleted.addAndGet(deleteOlder("samples", now.minus(settings.retention())));
        deleteOlder("audit", now.minus(settings.auditRetention()));
    }

    private long deleteOlder(String table, Instant cutoff) throws SQLException {
        long total = 0;
        try (PreparedStatement del = writer.prepareStatement(
                "DELETE FROM " + table + " WHERE rowid IN (SELECT rowid FROM " + table + " WHERE ts < ? LIMIT 20000)")) {
            del.setLong(1, cutoff.toEpochMilli());
            int n;
            do {
                n = del.executeUpdate();
                total += n;
            } while (n == 20_000 && running);
        }
        if (total > 0) {
            LOG.info("Retention: deleted {} rows of {} older than {}", total, table, cutoff);
        }
        return total;
    }

    synchronized List<PointValue> history(PointId point, Instant from, Instant to, int limit) {
        List<PointValue> out = new ArrayList<>();
        try (PreparedStatement q = reader.prepareStatement(
                "SELECT s.ts, s.value, s.quality FROM samples s JOIN points p ON p.id = s.point "
                        + "WHERE p.name = ? AND s.ts >= ? AND s.ts < ? ORDER BY s.ts LIMIT ?")) {
            q.setString(1, point.toString());
            q.setLong(2, from.toEpochMilli());
            q.setLong(3, to.toEpochMilli());
            q.setInt(4, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new PointValue(point, r.getDouble(2), Unit.NONE, Quality.values()[r.getInt(3)],
                            Instant.ofEpochMilli(r.getLong(1))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("history query for " + point + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Buckets aggregated at query time from the stored good samples (interim: rollup tables replace this). */
    synchronized Series buckets(PointId point, Instant from, Instant to, Resolution resolution) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("history of " + point + ": from " + from + " must be before to " + to);
        }
        List<PointValue> raw = history(point, from, to, Integer.MAX_VALUE);
        Unit unit = raw.isEmpty() ? Unit.NONE : raw.get(raw.size() - 1).unit();
        SignalKind kind = SignalKinds.of(null, unit);
        List<Bucket> out = new ArrayList<>();
        long width = resolution.bucket().toMillis();
        Accumulator acc = null;
        for (PointValue v : raw) {
            if (!v.isGood()) {
                continue;
            }
            long ts = v.timestamp().toEpochMilli();
            long start = width == 0 ? ts : Math.floorDiv(ts, width) * width;
            if (acc == null || acc.start != start) {
                if (acc != null) {
                    out.add(acc.toBucket());
                }
                acc = new Accumulator(start);
            }
            acc.add(v.value(), ts);
        }
        if (acc != null) {
            out.add(acc.toBucket());
        }
        int rejected = 0;
        if (kind == SignalKind.COUNTER) {
            CounterIntervals.Result r = CounterIntervals.apply(out, OptionalDouble.empty());
            out = r.buckets();
            rejected = r.rejectedJumps();
        }
        return new Series(point, kind, unit, resolution, from, to, out, out.size(), rejected);
    }

    synchronized Series chart(PointId point, Instant from, Instant to, int maxPoints) {
        if (maxPoints < 3) {
            throw new IllegalArgumentException("chart of " + point + ": maxPoints must be at least 3, was " + maxPoints);
        }
        Series s = buckets(point, from, to, Resolution.RAW);
        return new Series(s.point(), s.kind(), s.unit(), s.resolution(), from, to,
                Lttb.downsample(s.buckets(), maxPoints, s.kind()), s.sourceBuckets(), s.rejectedJumps());
    }

    synchronized List<AuditEvent> auditSince(Instant since, int limit) {
        List<AuditEvent> out = new ArrayList<>();
        try (PreparedStatement q = reader.prepareStatement(
                "SELECT ts, category, subject, message FROM audit WHERE ts >= ? ORDER BY ts, id LIMIT ?")) {
            q.setLong(1, since.toEpochMilli());
            q.setInt(2, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new AuditEvent(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit query failed: " + e.getMessage(), e);
        }
        return out;
    }

    synchronized Optional<Integer> schemaVersion() {
        try {
            return Optional.of(Migrations.version(reader));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Writes what is queued (waiting at most {@code timeout}), stops the writer and closes the connections. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!samples.isEmpty()) {
            LOG.warn("{} queued samples were not written before shutdown", samples.size());
        }
        closeQuietly(writer);
        closeQuietly(reader);
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("close failed", e);
        }
    }
}
