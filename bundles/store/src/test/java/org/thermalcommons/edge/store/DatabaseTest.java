package org.thermalcommons.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.AuditEvent;

class DatabaseTest {
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final PointId TEMP = PointId.parse("zone-1/temp");
    private static final Database.Settings SETTINGS = TestSettings.everything();

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);

    private static void awaitStored(Database db, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (db.storedSamples() < n) {
            assertThat(System.nanoTime()).as("stored %d of %d in time", db.storedSamples(), n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void samplesRoundTripWithQualityAndTimeBounds() throws Exception {
        try (Database db = Database.open(dir, SETTINGS, now::get)) {
            List<PointValue> vs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                vs.add(new PointValue(TEMP, 20 + i, Unit.CELSIUS, i == 5 ? Quality.STALE : Quality.GOOD, T0.plusSeconds(i)));
            }
            db.enqueue(vs);
            awaitStored(db, 10);

            List<PointValue> h = db.reader().history(TEMP, T0.plusSeconds(2), T0.plusSeconds(7), 100);
            assertThat(h).extracting(PointValue::value).containsExactly(22.0, 23.0, 24.0, 25.0, 26.0);
            assertThat(h.get(3).quality()).isEqualTo(Quality.STALE);
            assertThat(db.reader().history(TEMP, T0, T0.plusSeconds(100), 3)).hasSize(3);
            assertThat(db.reader().history(PointId.parse("other/x"), T0, T0.plusSeconds(100), 3)).isEmpty();
        }
    }

    @Test
    void repeatedValuesOfAPointAreStoredOnce() throws Exception {
        try (Database db = Database.open(dir, SETTINGS, now::get)) {
            PointValue v = PointValue.good(TEMP, 21, Unit.CELSIUS, T0);
            db.enqueue(List.of(v, v, v, v.withQuality(Quality.STALE), PointValue.good(TEMP, 22, Unit.CELSIUS, T0.plusSeconds(1))));
            awaitStored(db, 3);
            db.enqueue(List.of(PointValue.good(TEMP, 23, Unit.CELSIUS, T0.plusSeconds(2))));
            awaitStored(db, 4);
            assertThat(db.reader().history(TEMP, T0, T0.plusSeconds(10), 100)).hasSize(4);
        }
    }

    @Test
    void auditEventsAreKept() throws Exception {
        try (Database db = Database.open(dir, SETTINGS, now::get)) {
            db.enqueue(new AuditEvent(T0, "controller", "bess", "isolated"));
            db.enqueue(new AuditEvent(T0.plusSeconds(5), "config", "x.cfg", "rejected"));
            db.enqueue(List.of(PointValue.good(TEMP, 1, Unit.CELSIUS, T0)));
            awaitStored(db, 1);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (db.audits().since(T0, 10).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(db.audits().since(T0.plusSeconds(1), 10)).singleElement()
                    .satisfies(e -> assertThat(e.subject()).isEqualTo("x.cfg"));
        }
    }

    @Test
    void retentionDeletesOnlyOldSamplesOnTheInjectedClock() throws Exception {
        try (Database db = Database.open(dir, SETTINGS, now::get)) {
            db.enqueue(List.of(PointValue.good(TEMP, 1, Unit.CELSIUS, T0.minus(Duration.ofDays(40))),
                    PointValue.good(TEMP, 2, Unit.CELSIUS, T0.minus(Duration.ofDays(31))),
                    PointValue.good(TEMP, 3, Unit.CELSIUS, T0.minus(Duration.ofDays(1)))));
            awaitStored(db, 3);
            // The next retention pass is due once the injected clock has moved past retentionEvery.
            now.set(T0.plus(Duration.ofMinutes(11)));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (db.deletedByRetention() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(db.deletedByRetention()).isEqualTo(2);
            assertThat(db.reader().history(TEMP, Instant.EPOCH, T0, 10)).extracting(PointValue::value).containsExactly(3.0);
        }
    }

    @Test
    void migrationFromVersion2KeepsSamplesWithTheirQualityAndStartsRollups() throws Exception {
        Path file = dir.resolve(Database.FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(Migrations.migrate(c, Migrations.STEPS.subList(0, 2))).isZero();
            s.execute("INSERT INTO points(id, name) VALUES (7, 'zone-1/temp')");
            // Version 2 stored the Quality ordinal: 0 GOOD, 1 STALE, 2 FAULT.
            s.execute("INSERT INTO samples(point, ts, value, quality) VALUES (7, " + T0.toEpochMilli() + ", 21.5, 0), (7, "
                    + T0.plusSeconds(1).toEpochMilli() + ", 21.5, 1), (7, " + T0.plusSeconds(2).toEpochMilli() + ", 0, 2)");
        }
        try (Database db = Database.open(dir, SETTINGS, now::get)) {
            assertThat(db.reader().schemaVersion()).isEqualTo(Migrations.latest());
            assertThat(db.reader().history(TEMP, T0, T0.plusSeconds(10), 10))
                    .extracting(PointValue::quality).containsExactly(Quality.GOOD, Quality.STALE, Quality.FAULT);
            db.enqueue(List.of(PointValue.good(TEMP, 22, Unit.CELSIUS, T0.plusSeconds(3))));
            awaitStored(db, 1);
            assertThat(db.reader().history(TEMP, T0.plusSeconds(3), T0.plusSeconds(4), 10)).singleElement()
                    .satisfies(v -> assertThat(v.unit()).isEqualTo(Unit.CELSIUS));
        }
    }

    @Test
    void unwritableDataDirectoryStopsStartWithOneClearMessage() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> Database.open(notADir.resolve("data"), SETTINGS, now::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot write the data directory " + notADir.resolve("data"))
                .hasMessageContaining("dataDir");
    }

    @Test
    void fullQueueDropsAndCountsWithoutBlocking() throws Exception {
        Database.Settings tiny = TestSettings.of(1000, 10, StoragePolicy.EVERYTHING);
        try (Database db = Database.open(dir, tiny, now::get)) {
            List<PointValue> many = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
                many.add(PointValue.good(PointId.of("d", "p" + (i % 100)), i, Unit.NONE, T0.plusMillis(i)));
            }
            long t = System.nanoTime();
            db.enqueue(many);
            assertThat(System.nanoTime() - t).as("enqueue returns promptly").isLessThan(2_000_000_000L);
            assertThat(db.droppedSamples()).isPositive();
            db.close();
            assertThat(db.storedSamples() + db.droppedSamples()).isEqualTo(50_000);
        }
    }

    @Test
    void closeFlushesWhatIsQueued() throws Exception {
        Database db = Database.open(dir, SETTINGS, now::get);
        List<PointValue> vs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            vs.add(PointValue.good(TEMP, i, Unit.CELSIUS, T0.plusMillis(i)));
        }
        db.enqueue(vs);
        db.close();
        assertThat(db.storedSamples()).isEqualTo(5000);
    }
}
