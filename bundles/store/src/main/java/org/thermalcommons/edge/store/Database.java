package org.thermalcommons.edge.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.sqlite.SqliteFiles;

/**
 * The gateway's SQLite database: one writer thread that drains bounded queues into {@link BatchWriter} transactions,
 * and a {@link HistoryReader} on a separate connection. Callers never block: {@link #enqueue} drops and counts when
 * the queue is full.
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String FILE = "edge.db";

    /**
     * Settings; see the component's metatype for meanings and ranges.
     *
     * @param retention how long each resolution keeps its data (RAW: the samples)
     */
    record Settings(int queueCapacity, int batchSize, Map<Resolution, Duration> retention, Duration auditRetention,
                    Duration retentionEvery, StoragePolicy policy, Duration rollupFlushEvery) {
        Settings {
            retention = Map.copyOf(retention);
            for (Resolution r : Resolution.values()) {
                if (!retention.containsKey(r)) {
                    throw new IllegalArgumentException("no retention for " + r);
                }
            }
        }
    }

    private final Path file;
    private final Settings settings;
    private final Supplier<Instant> clock;
    private final Connection writer;
    private final Connection reader;
    private final BatchWriter batches;
    private final HistoryReader history;
    private final AuditReader auditReader;
    private final Retention retention;
    private final BlockingQueue<PointValue> samples;
    private final BlockingQueue<AuditEvent> audits = new LinkedBlockingQueue<>(10_000);
    private final Map<PointId, PointDefinition> definitions = new ConcurrentHashMap<>();
    private final Map<PointId, PointDefinition> pendingDefinitions = new ConcurrentHashMap<>();
    private final StoreCounters counters = new StoreCounters();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean dropping;
    private Instant lastRetention;
    private Instant lastFlush;
    private long lastFailureLogMs = Long.MIN_VALUE / 2;
    private long failuresSinceLog;

    private Database(Path file, Settings settings, Supplier<Instant> clock) throws SQLException {
        this.file = file;
        this.settings = settings;
        this.clock = clock;
        this.samples = new ArrayBlockingQueue<>(settings.queueCapacity());
        // NORMAL: a power loss may lose the last batches, never corrupt the file (telemetry, not commitments).
        SQLiteDataSource ds = SqliteFiles.wal(file, SQLiteConfig.SynchronousMode.NORMAL);
        this.writer = ds.getConnection();
        try {
            int before = Migrations.migrate(writer, Migrations.STEPS);
            if (before != Migrations.latest()) {
                LOG.info("Database {} migrated from schema version {} to {}", file, before, Migrations.latest());
            }
            this.reader = ds.getConnection();
        } catch (SQLException e) {
            closeQuietly(writer);
            throw e;
        }
        this.batches = new BatchWriter(writer, settings.policy());
        this.history = new HistoryReader(reader, settings.retention(), clock);
        this.auditReader = new AuditReader(reader, history);
        this.retention = new Retention(settings.retention(), settings.auditRetention());
        this.thread = new Thread(this::run, "cool-edge-store");
        this.thread.setDaemon(true);
        counters.bytes.set(size());
    }

    /**
     * Opens (creating and migrating) {@code <dataDir>/edge.db} and starts the writer thread.
     *
     * @throws StoreUnavailableException with one clear message when the data directory cannot be written or the
     *                                   database cannot be opened (e.g. written by a newer version)
     */
    static Database open(Path dataDir, Settings settings, Supplier<Instant> clock) {
        Path dir = DataDirectory.checkWritable(dataDir);
        try {
            Database db = new Database(dir.resolve(FILE), settings, clock);
            db.thread.start();
            return db;
        } catch (SQLException e) {
            throw new StoreUnavailableException("Cannot open the database " + dir.resolve(FILE) + ": " + e.getMessage());
        }
    }

    /**
     * Checks, without changing anything, that a store could open {@code <dataDir>/edge.db}: the directory can be
     * written and an existing database is not from a newer version.
     *
     * @throws StoreUnavailableException with the same one-line message {@link #open} would give
     */
    static void preflight(Path dataDir) {
        Path file = DataDirectory.checkWritable(dataDir).resolve(FILE);
        if (!java.nio.file.Files.exists(file)) {
            return;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        try (Connection c = ds.getConnection()) {
            Migrations.checkNotNewer(c, Migrations.STEPS);
        } catch (SQLException e) {
            throw new StoreUnavailableException("Cannot open the database " + file + ": " + e.getMessage());
        }
    }

    Path file() {
        return file;
    }

    /** Queues samples; never blocks. Samples that do not fit are dropped and counted. */
    void enqueue(Iterable<PointValue> values) {
        for (PointValue v : values) {
            if (!samples.offer(v)) {
                counters.dropped.incrementAndGet();
                if (!dropping) {
                    dropping = true;
                    LOG.warn("Sample queue full ({} samples): new samples are dropped until the writer catches up", settings.queueCapacity());
                }
            }
        }
    }

    void enqueue(AuditEvent e) {
        if (!audits.offer(e)) {
            counters.auditDropped.incrementAndGet();
            LOG.warn("Audit queue full; event dropped: {} {} {}", e.category(), e.subject(), e.message());
        }
    }

    /** Records what a point is (role and unit give its signal kind and storage rule); cheap when unchanged. */
    void define(PointDefinition d) {
        if (!d.equals(definitions.get(d.id()))) {
            definitions.put(d.id(), d);
            pendingDefinitions.put(d.id(), d);
        }
    }

    StoreCounters counters() {
        return counters;
    }

    long storedSamples() {
        return counters.stored.get();
    }

    /** Samples dropped for a full queue or a failed batch. */
    long droppedSamples() {
        return counters.dropped.get() + counters.droppedByFailure.get();
    }

    long deletedByRetention() {
        return counters.deleted.get();
    }

    int queued() {
        return samples.size();
    }

    HistoryReader reader() {
        return history;
    }

    AuditReader audits() {
        return auditReader;
    }

    private void run() {
        List<PointValue> batch = new ArrayList<>(settings.batchSize());
        List<AuditEvent> events = new ArrayList<>();
        List<PointDefinition> defs = new ArrayList<>();
        while (running || !samples.isEmpty() || !audits.isEmpty()) {
            try {
                PointValue first = samples.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    samples.drainTo(batch, settings.batchSize() - 1);
                }
                audits.drainTo(events);
                drainDefinitions(defs);
                Instant now = clock.get();
                boolean flush = lastFlush == null
                        || Duration.between(lastFlush, now).compareTo(settings.rollupFlushEvery()) >= 0;
                if (!batch.isEmpty() || !events.isEmpty() || !defs.isEmpty() || flush) {
                    write(defs, batch, events, flush);
                    if (flush) {
                        lastFlush = now;
                    }
                }
                retention(now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (SQLException | RuntimeException e) {
                counters.failedBatches.incrementAndGet();
                counters.droppedByFailure.addAndGet(batch.size());
                failed(e, batch.size(), events.size());
            } finally {
                batch.clear();
                events.clear();
                defs.clear();
            }
        }
        try {
            write(List.of(), List.of(), List.of(), true);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Writing the open rollup buckets to {} at close failed: {}", file, e.toString());
        }
    }

    /**
     * Logs a failed batch: the first failure and every new kind of failure at once, the same failure again at most
     * once a minute with how many batches failed meanwhile (a full disk must not also fill the log).
     */
    private void failed(Exception e, int samples, int events) {
        String message = String.valueOf(e.getMessage());
        long nowMs = System.nanoTime() / 1_000_000;
        failuresSinceLog++;
        if (!message.equals(counters.lastFailure) || nowMs - lastFailureLogMs >= 60_000) {
            LOG.error("Writing {} samples and {} events to {} failed, nothing of them was written ({} failed batches "
                    + "since the last such line): {}", samples, events, file, failuresSinceLog, e.toString());
            lastFailureLogMs = nowMs;
            failuresSinceLog = 0;
        }
        counters.lastFailure = message;
    }

    private void drainDefinitions(List<PointDefinition> into) {
        for (PointId id : pendingDefinitions.keySet()) {
            PointDefinition d = pendingDefinitions.remove(id);
            if (d != null) {
                into.add(d);
            }
        }
    }

    private void write(List<PointDefinition> defs, List<PointValue> batch, List<AuditEvent> events, boolean flush)
            throws SQLException {
        try {
            BatchWriter.Outcome o = batches.write(defs, batch, events, flush);
            counters.stored.addAndGet(o.stored());
            counters.filtered.addAndGet(o.filtered());
            counters.duplicates.addAndGet(o.duplicates());
            counters.audits.addAndGet(o.audits());
            counters.rollupRows.set(batches.rollupRowsWritten());
            if (counters.lastFailure != null) {
                LOG.info("Writing to {} works again", file);
                counters.lastFailure = null;
                failuresSinceLog = 0;
            }
        } catch (SQLException | RuntimeException e) {
            // Definitions of a failed batch are offered again with the next one.
            for (PointDefinition d : defs) {
                pendingDefinitions.putIfAbsent(d.id(), d);
            }
            throw e;
        }
        if (dropping && samples.remainingCapacity() > settings.queueCapacity() / 2) {
            dropping = false;
            LOG.info("Sample queue has room again; {} samples were dropped in all", counters.dropped.get());
        }
    }

    /** Deletes what is older than its retention, at most every retentionEvery (gateway clock). */
    private void retention(Instant now) throws SQLException {
        if (lastRetention != null && Duration.between(lastRetention, now).compareTo(settings.retentionEvery()) < 0) {
            return;
        }
        lastRetention = now;
        counters.deleted.addAndGet(retention.run(writer, batches.pointKeys(), now));
        counters.bytes.set(size());
    }

    /** Bytes of the database file and its write-ahead log. */
    long size() {
        return DataDirectory.size(file);
    }

    /** Writes what is queued, stops the writer and closes the connections. */
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

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("close failed", e);
        }
    }
}
