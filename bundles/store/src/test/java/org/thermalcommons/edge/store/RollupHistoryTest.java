package org.thermalcommons.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.api.store.SignalKind;

/** Rollups written by the writer thread and read back, with buckets checked by hand. */
class RollupHistoryTest {
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final PointId TEMP = PointId.parse("zone-1/temp");
    private static final PointId IMPORT = PointId.parse("meter/import-energy");
    private static final PointId ALARM = PointId.parse("battery/alarms");

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0.plus(Duration.ofDays(1)));

    private static PointValue at(PointId p, double v, Unit u, Duration offset) {
        return PointValue.good(p, v, u, T0.plus(offset));
    }

    private static void awaitBuckets(Database db, PointId p, Resolution r, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (db.reader().buckets(p, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), r).buckets().size() < n) {
            assertThat(System.nanoTime()).as("%d %s buckets of %s written in time", n, r, p).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void analogBucketsHoldMeanMinMaxLastAndCountOfGoodValues() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            db.enqueue(List.of(
                    at(TEMP, 20, Unit.CELSIUS, Duration.ofSeconds(0)),
                    at(TEMP, 22, Unit.CELSIUS, Duration.ofSeconds(20)),
                    at(TEMP, 27, Unit.CELSIUS, Duration.ofSeconds(40)).withQuality(Quality.FAULT),
                    at(TEMP, 24, Unit.CELSIUS, Duration.ofSeconds(50)),
                    at(TEMP, 30, Unit.CELSIUS, Duration.ofSeconds(60)),
                    at(TEMP, 18, Unit.CELSIUS, Duration.ofMinutes(16))));
            db.enqueue(List.of(at(TEMP, 19, Unit.CELSIUS, Duration.ofMinutes(17))));
            awaitBuckets(db, TEMP, Resolution.MINUTE, 4);

            Series m = db.reader().buckets(TEMP, T0, T0.plus(Duration.ofHours(1)), Resolution.MINUTE);
            assertThat(m.kind()).isEqualTo(SignalKind.ANALOG);
            assertThat(m.unit()).isEqualTo(Unit.CELSIUS);
            // Minute 0: 20, 22, 24 (the FAULT value is not aggregated).
            assertThat(m.buckets()).containsExactly(
                    new Bucket(T0, 22, 20, 24, 24, 3, OptionalDouble.empty()),
                    new Bucket(T0.plus(Duration.ofMinutes(1)), 30, 30, 30, 30, 1, OptionalDouble.empty()),
                    new Bucket(T0.plus(Duration.ofMinutes(16)), 18, 18, 18, 18, 1, OptionalDouble.empty()),
                    new Bucket(T0.plus(Duration.ofMinutes(17)), 19, 19, 19, 19, 1, OptionalDouble.empty()));
            Series q = db.reader().buckets(TEMP, T0, T0.plus(Duration.ofHours(1)), Resolution.QUARTER_HOUR);
            assertThat(q.buckets()).containsExactly(
                    new Bucket(T0, 24, 20, 30, 30, 4, OptionalDouble.empty()),
                    new Bucket(T0.plus(Duration.ofMinutes(15)), 18.5, 18, 19, 19, 2, OptionalDouble.empty()));
            Series d = db.reader().buckets(TEMP, T0, T0.plus(Duration.ofDays(1)), Resolution.DAY);
            assertThat(d.buckets()).singleElement().satisfies(b -> {
                assertThat(b.count()).isEqualTo(6);
                assertThat(b.mean()).isCloseTo((20 + 22 + 24 + 30 + 18 + 19) / 6.0, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(b.min()).isEqualTo(18);
                assertThat(b.max()).isEqualTo(30);
                assertThat(b.last()).isEqualTo(19);
            });
        }
    }

    @Test
    void counterBucketsKeepTheLastReadingAndIntervalEnergyAcrossAReset() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            db.define(PointDefinition.readOnly(IMPORT, Role.ENERGY_IMPORT_SENSOR, Unit.KILOWATT_HOUR, Duration.ofMinutes(5)));
            // Quarter hours: [1000, 1002], [1003, 1005], [1006, reset, 0.5, 1.5], [2.5]
            db.enqueue(List.of(
                    at(IMPORT, 1000, Unit.KILOWATT_HOUR, Duration.ofMinutes(1)),
                    at(IMPORT, 1002, Unit.KILOWATT_HOUR, Duration.ofMinutes(14)),
                    at(IMPORT, 1003, Unit.KILOWATT_HOUR, Duration.ofMinutes(16)),
                    at(IMPORT, 1005, Unit.KILOWATT_HOUR, Duration.ofMinutes(29)),
                    at(IMPORT, 1006, Unit.KILOWATT_HOUR, Duration.ofMinutes(31)),
                    at(IMPORT, 0.5, Unit.KILOWATT_HOUR, Duration.ofMinutes(35)),
                    at(IMPORT, 1.5, Unit.KILOWATT_HOUR, Duration.ofMinutes(44)),
                    at(IMPORT, 2.5, Unit.KILOWATT_HOUR, Duration.ofMinutes(50))));
            awaitBuckets(db, IMPORT, Resolution.QUARTER_HOUR, 4);

            Series s = db.reader().buckets(IMPORT, T0, T0.plus(Duration.ofHours(1)), Resolution.QUARTER_HOUR);
            assertThat(s.kind()).isEqualTo(SignalKind.COUNTER);
            assertThat(s.buckets()).extracting(b -> b.value(SignalKind.COUNTER)).containsExactly(1002.0, 1005.0, 1.5, 2.5);
            // First bucket: no earlier reading. Third: 1 kWh before the reset (1005 -> 1006) plus 1.5 since it.
            assertThat(s.buckets()).extracting(Bucket::intervalEnergy).containsExactly(
                    OptionalDouble.empty(), OptionalDouble.of(3), OptionalDouble.of(2.5), OptionalDouble.of(1));
            // A range starting later takes the interval of its first bucket from the bucket before it.
            Series later = db.reader().buckets(IMPORT, T0.plus(Duration.ofMinutes(15)), T0.plus(Duration.ofHours(1)),
                    Resolution.QUARTER_HOUR);
            assertThat(later.buckets().get(0).intervalEnergy()).hasValue(3);
            // The hour holds the whole hour: last 2.5; the day the same.
            assertThat(db.reader().buckets(IMPORT, T0, T0.plus(Duration.ofDays(1)), Resolution.HOUR).buckets())
                    .singleElement().satisfies(b -> assertThat(b.last()).isEqualTo(2.5));
            // A chart of a counter is never thinned by LTTB (its intervals would be lost): a level that fits is chosen.
            Series chart = db.reader().chart(IMPORT, T0, T0.plus(Duration.ofHours(1)), 10);
            assertThat(chart.resolution()).isEqualTo(Resolution.QUARTER_HOUR);
            assertThat(chart.buckets()).isEqualTo(s.buckets());
        }
    }

    @Test
    void alarmsKeepAnyActivationOfTheBucket() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            db.define(PointDefinition.readOnly(ALARM, Role.ALARM, Unit.STATE, Duration.ofMinutes(5)));
            db.enqueue(List.of(at(ALARM, 0, Unit.STATE, Duration.ofMinutes(1)), at(ALARM, 4, Unit.STATE, Duration.ofMinutes(2)),
                    at(ALARM, 0, Unit.STATE, Duration.ofMinutes(3))));
            awaitBuckets(db, ALARM, Resolution.MINUTE, 3);
            Series s = db.reader().buckets(ALARM, T0, T0.plus(Duration.ofHours(1)), Resolution.QUARTER_HOUR);
            assertThat(s.kind()).isEqualTo(SignalKind.ALARM);
            assertThat(s.buckets()).singleElement().satisfies(b -> assertThat(b.value(SignalKind.ALARM)).isEqualTo(4));
        }
    }

    @Test
    void anOpenBucketIsContinuedAfterARestartNotOverwritten() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            db.enqueue(List.of(at(TEMP, 10, Unit.CELSIUS, Duration.ofMinutes(1)), at(TEMP, 20, Unit.CELSIUS, Duration.ofMinutes(2))));
        }
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            db.enqueue(List.of(at(TEMP, 30, Unit.CELSIUS, Duration.ofMinutes(3))));
        }
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            assertThat(db.reader().buckets(TEMP, T0, T0.plus(Duration.ofHours(1)), Resolution.HOUR).buckets())
                    .containsExactly(new Bucket(T0, 20, 10, 30, 30, 3, OptionalDouble.empty()));
        }
    }

    @Test
    void aLateMeasurementIsAddedToItsOwnEarlierBucket() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            db.enqueue(List.of(at(TEMP, 10, Unit.CELSIUS, Duration.ofMinutes(1)), at(TEMP, 20, Unit.CELSIUS, Duration.ofMinutes(20))));
            db.enqueue(List.of(at(TEMP, 14, Unit.CELSIUS, Duration.ofMinutes(2))));
            db.close();
        }
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            assertThat(db.reader().buckets(TEMP, T0, T0.plus(Duration.ofHours(1)), Resolution.QUARTER_HOUR).buckets())
                    .extracting(Bucket::mean).containsExactly(12.0, 20.0);
        }
    }

    @Test
    void chartsPickTheLevelBySpanAndRetention() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            HistoryReader r = db.reader();
            Instant end = now.get();
            assertThat(r.level(SignalKind.ANALOG, end.minus(Duration.ofHours(6)), end, 2000)).isEqualTo(Resolution.RAW);
            assertThat(r.level(SignalKind.ANALOG, end.minus(Duration.ofDays(7)), end, 2000)).isEqualTo(Resolution.MINUTE);
            assertThat(r.level(SignalKind.ANALOG, end.minus(Duration.ofDays(90)), end, 2000)).isEqualTo(Resolution.QUARTER_HOUR);
            assertThat(r.level(SignalKind.ANALOG, end.minus(Duration.ofDays(365)), end, 2000)).isEqualTo(Resolution.HOUR);
            assertThat(r.level(SignalKind.ANALOG, end.minus(Duration.ofDays(3000)), end, 2000)).isEqualTo(Resolution.DAY);
            // Samples are kept 30 days and minute rollups 14: a 6-hour window 40 days ago comes from the 15-minute level.
            assertThat(r.level(SignalKind.ANALOG, end.minus(Duration.ofDays(40)), end.minus(Duration.ofDays(40)).plus(Duration.ofHours(6)), 2000))
                    .isEqualTo(Resolution.QUARTER_HOUR);
            // Counters are not downsampled: a year of them at 2,000 points is daily.
            assertThat(r.level(SignalKind.COUNTER, end.minus(Duration.ofDays(365)), end, 2000)).isEqualTo(Resolution.DAY);
        }
    }

    @Test
    void aChartNeverExceedsItsBudgetAndKeepsTheEnds() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            List<PointValue> vs = new java.util.ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                vs.add(at(TEMP, 20 + Math.sin(i / 50.0), Unit.CELSIUS, Duration.ofSeconds(i * 10L)));
            }
            db.enqueue(vs);
            db.close();
        }
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            Series s = db.reader().chart(TEMP, T0, T0.plus(Duration.ofHours(12)), 1000);
            assertThat(s.resolution()).isEqualTo(Resolution.RAW);
            assertThat(s.sourceBuckets()).isEqualTo(3000);
            assertThat(s.buckets()).hasSize(1000);
            assertThat(s.buckets().get(0).start()).isEqualTo(T0);
            assertThat(s.buckets().get(999).start()).isEqualTo(T0.plusSeconds(29_990));
            Series minutes = db.reader().chart(TEMP, T0, T0.plus(Duration.ofHours(12)), 100);
            assertThat(minutes.resolution()).isEqualTo(Resolution.MINUTE);
            assertThat(minutes.sourceBuckets()).isEqualTo(500);
            assertThat(minutes.buckets()).hasSize(100);
            assertThatThrownBy(() -> db.reader().chart(TEMP, T0, T0.plusSeconds(1), 2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> db.reader().buckets(TEMP, T0, T0, Resolution.HOUR)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRepeatedChartSeesALateMeasurementInAnOldBucketItHadAlreadyRead() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            List<PointValue> vs = new java.util.ArrayList<>();
            for (int h = 0; h < 10; h++) {
                vs.add(at(TEMP, 20, Unit.CELSIUS, Duration.ofHours(h)));
            }
            db.enqueue(vs);
            awaitBuckets(db, TEMP, Resolution.HOUR, 10);
            Instant from = T0;
            Instant to = T0.plus(Duration.ofHours(10));
            assertThat(db.reader().buckets(TEMP, from, to, Resolution.HOUR).buckets().get(2).mean()).isEqualTo(20);
            // The first query cached hours 0-8 (not the newest); a late measurement continues hour 2.
            db.enqueue(List.of(at(TEMP, 30, Unit.CELSIUS, Duration.ofHours(2).plusMinutes(30))));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (db.reader().buckets(TEMP, from, to, Resolution.HOUR).buckets().get(2).count() < 2) {
                assertThat(System.nanoTime()).as("the late measurement shows in the hour it belongs to").isLessThan(deadline);
                Thread.sleep(5);
            }
            Bucket hour2 = db.reader().buckets(TEMP, from, to, Resolution.HOUR).buckets().get(2);
            assertThat(hour2.mean()).isEqualTo(25);
            assertThat(hour2.max()).isEqualTo(30);
            assertThat(db.reader().buckets(TEMP, T0.plus(Duration.ofHours(3)), to, Resolution.HOUR).buckets())
                    .as("a later range served from the same rows").hasSize(7);
        }
    }
}
