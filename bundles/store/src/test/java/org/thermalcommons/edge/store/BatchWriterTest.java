package org.thermalcommons.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.AuditEvent;

/** One transaction per batch, on a real SQLite file; failures are made by the database itself (a trigger). */
class BatchWriterTest {
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final PointId TEMP = PointId.parse("zone-1/temp");
    private static final PointId NEW = PointId.parse("zone-2/temp");

    @TempDir
    Path dir;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve(Database.FILE));
        c = ds.getConnection();
        Migrations.migrate(c, Migrations.STEPS);
        exec("CREATE TRIGGER refuse_666 BEFORE INSERT ON samples WHEN NEW.value = 666 BEGIN SELECT RAISE(ABORT, 'value 666 refused'); END");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static PointValue v(PointId p, double value, int second) {
        return PointValue.good(p, value, Unit.CELSIUS, T0.plusSeconds(second));
    }

    @Test
    void aFailedBatchLeavesNothingOfItInTheDatabaseAndNothingInMemory() throws Exception {
        BatchWriter w = new BatchWriter(c, StoragePolicy.EVERYTHING);
        w.write(List.of(), List.of(v(TEMP, 20, 0)), List.of(), true);
        assertThat(count("SELECT count(*) FROM samples")).isEqualTo(1);

        // Samples before the refused one, a new point, an audit event and rollups: all in the failed transaction.
        List<PointValue> failing = List.of(v(TEMP, 21, 1), v(NEW, 30, 1), v(TEMP, 666, 2), v(TEMP, 23, 3));
        assertThatThrownBy(() -> w.write(List.of(), failing,
                List.of(new AuditEvent(T0, "config", "x.cfg", "rejected")), true))
                .isInstanceOf(SQLException.class).hasMessageContaining("value 666 refused");
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(count("SELECT count(*) FROM samples")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM points WHERE name = 'zone-2/temp'")).isZero();
        assertThat(count("SELECT count(*) FROM audit")).isZero();
        assertThat(count("SELECT n FROM rollups WHERE level = 4")).isEqualTo(1);

        // The same values again (without the refused one) are all new to the writer: the dedupe memory, the point
        // keys and the open rollup buckets did not move with the failed batch.
        BatchWriter.Outcome o = w.write(List.of(), List.of(v(TEMP, 21, 1), v(NEW, 30, 1), v(TEMP, 23, 3)), List.of(), true);
        assertThat(o.stored()).isEqualTo(3);
        assertThat(o.duplicates()).isZero();
        assertThat(count("SELECT count(*) FROM samples")).isEqualTo(4);
        assertThat(count("SELECT n FROM rollups WHERE level = 4 AND point = (SELECT id FROM points WHERE name = 'zone-1/temp')"))
                .isEqualTo(3);
        assertThat(count("SELECT n FROM rollups WHERE level = 4 AND point = (SELECT id FROM points WHERE name = 'zone-2/temp')"))
                .isEqualTo(1);
    }

    @Test
    void aRepeatedMeasurementIsStoredOnceButAQualityChangeIsKept() throws Exception {
        BatchWriter w = new BatchWriter(c, StoragePolicy.EVERYTHING);
        PointValue a = v(TEMP, 20, 0);
        BatchWriter.Outcome o = w.write(List.of(), List.of(a, a, a.withQuality(Quality.STALE), a.withQuality(Quality.STALE)), List.of(), true);
        assertThat(o.stored()).isEqualTo(2);
        assertThat(o.duplicates()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM samples WHERE quality = 1")).isEqualTo(1);
        // The STALE copy is the same measurement: the rollups count it once.
        assertThat(count("SELECT n FROM rollups WHERE level = 1")).isEqualTo(1);
    }

    @Test
    void qualityAndUnitAreStoredAsStableCodes() throws Exception {
        BatchWriter w = new BatchWriter(c, StoragePolicy.EVERYTHING);
        w.write(List.of(), List.of(new PointValue(TEMP, 1, Unit.KILOWATT, Quality.FAULT, T0)), List.of(), true);
        assertThat(count("SELECT quality FROM samples")).isEqualTo(2);
        assertThat(count("SELECT unit FROM samples")).isEqualTo(5);
        assertThat(Codes.quality(2)).isEqualTo(Quality.FAULT);
        assertThat(Codes.unit(5)).isEqualTo(Unit.KILOWATT);
        for (Unit u : Unit.values()) {
            assertThat(Codes.unit(Codes.unit(u))).isEqualTo(u);
        }
        for (Quality q : Quality.values()) {
            assertThat(Codes.quality(Codes.quality(q))).isEqualTo(q);
        }
    }

    @Test
    void aTransactionWithAuditEventsCommitsWithSynchronousFull() throws Exception {
        exec("CREATE TABLE sync_seen (mode INTEGER)");
        exec("CREATE TRIGGER audit_sync AFTER INSERT ON audit BEGIN INSERT INTO sync_seen SELECT synchronous FROM pragma_synchronous; END");
        BatchWriter w = new BatchWriter(c, StoragePolicy.EVERYTHING);
        w.write(List.of(), List.of(v(TEMP, 20, 0)), List.of(new AuditEvent(T0, "controller", "bess", "isolated")), true);
        assertThat(count("SELECT mode FROM sync_seen")).as("synchronous while the audit row was written: 2 = FULL").isEqualTo(2);
        assertThat(count("SELECT synchronous FROM pragma_synchronous")).as("back to NORMAL for samples").isEqualTo(1);
        assertThat(w.durableCommits()).isEqualTo(1);
    }

    @Test
    void theStoragePolicyThinsSamplesWhileRollupsSeeEveryMeasurement() throws Exception {
        StoragePolicy p = new StoragePolicy(Duration.ofSeconds(60), Duration.ofMinutes(15), 0.1, 0.5, 0.1, 0.1);
        BatchWriter w = new BatchWriter(c, p);
        List<PointValue> vs = new java.util.ArrayList<>();
        // An hour of 15-s readings drifting by 0.01 °C each: the deadband lets one in every 10 readings at most.
        for (int i = 0; i < 240; i++) {
            vs.add(PointValue.good(TEMP, 20 + i * 0.01, Unit.CELSIUS, T0.plusSeconds(15L * i)));
        }
        BatchWriter.Outcome o = w.write(List.of(), vs, List.of(), true);
        assertThat(o.stored()).isBetween(20, 25);
        assertThat(o.stored() + o.filtered()).isEqualTo(240);
        assertThat(count("SELECT n FROM rollups WHERE level = 3")).isEqualTo(240);
    }
}
