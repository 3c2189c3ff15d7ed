package org.thermalcommons.edge.bench.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.sim.DemoFeed;
import org.thermalcommons.edge.store.StoreHarness;

/**
 * The store component with its shipped configuration, fed through its cycle listener (the runtime's queue, writer
 * thread, storage policy and rollups):
 * <ul>
 *   <li>{@code ingest_rows_per_s}: 1,000 points changing every cycle for 600 one-second cycles, measurements
 *       processed per second until the writer has committed every one;</li>
 *   <li>{@code query_p99_ms}: 5 minutes of one point's samples;</li>
 *   <li>{@code bytes_per_point_day}: the demo's building (its points, poll groups and change rates, real time) for
 *       {@code store.days} simulated days; the pages each table uses per simulated day, times the days the shipped
 *       retention keeps it (at most 30), per point and day: what a month of history costs on the SD card;</li>
 *   <li>{@code year_chart_query_p99_ms}: a year of one point's 1-minute readings, charted at 2,000 points.</li>
 * </ul>
 */
public final class StoreSuite implements Suite {
    private static final int POINTS = 1000;
    private static final int CYCLES = Integer.getInteger("store.cycles", 600);
    private static final int DAYS = Integer.getInteger("store.days", 2);
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    @Override
    public String name() {
        return "store";
    }

    @Override
    public void run(Figures figures) throws Exception {
        ingest(figures);
        bytesPerPointDay(figures);
        yearChart(figures);
    }

    private static void ingest(Figures figures) throws Exception {
        Path dir = Files.createTempDirectory("cool-edge-store-bench");
        try {
            List<PointId> ids = new ArrayList<>();
            Map<PointId, PointDefinition> defs = new HashMap<>();
            for (int i = 0; i < POINTS; i++) {
                PointId id = PointId.of("dev-" + i / 50, "p" + i);
                ids.add(id);
                defs.put(id, PointDefinition.readOnly(id, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, Duration.ofMinutes(1)));
            }
            List<Map<PointId, PointValue>> cycles = new ArrayList<>();
            for (int c = 0; c < CYCLES; c++) {
                Map<PointId, PointValue> snap = new HashMap<>();
                for (int i = 0; i < POINTS; i++) {
                    PointId id = ids.get(i);
                    // Each point moves by a whole deadband step every cycle, with its own phase.
                    snap.put(id, PointValue.good(id, 50 + 20 * Math.sin((c + i) / 30.0), Unit.KILOWATT, T0.plusSeconds(c)));
                }
                cycles.add(snap);
            }
            try (StoreHarness store = new StoreHarness(dir, T0)) {
                long total = (long) POINTS * CYCLES;
                long start = System.nanoTime();
                for (int c = 0; c < CYCLES; c++) {
                    store.cycle(T0.plusSeconds(c), defs, cycles.get(c));
                    store.throttle(150_000);
                }
                while (store.processed() < total) {
                    Thread.sleep(1);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf("store: %d measurements in %.2f s, %d stored as samples, %d dropped%n", total, seconds,
                        store.stored(), store.dropped());
                figures.report("ingest_rows_per_s", total / seconds, "rows/s");

                long[] q = new long[200];
                for (int i = 0; i < q.length; i++) {
                    long t = System.nanoTime();
                    store.history(ids.get(i % POINTS), T0.plusSeconds(100), T0.plusSeconds(400), 1000);
                    q[i] = System.nanoTime() - t;
                }
                figures.report("query_p99_ms", Figures.percentile(q, 99) / 1e6, "ms");
            }
        } finally {
            delete(dir);
        }
    }

    private static void bytesPerPointDay(Figures figures) throws Exception {
        Path dir = Files.createTempDirectory("cool-edge-store-bench");
        try {
            DemoFeed feed = new DemoFeed(42, T0);
            Map<PointId, PointDefinition> defs = feed.definitions();
            long seconds = DAYS * 86_400L;
            long start = System.nanoTime();
            try (StoreHarness store = new StoreHarness(dir, T0)) {
                for (long s = 0; s < seconds; s++) {
                    Map<PointId, PointValue> snap = feed.step();
                    store.cycle(feed.now(), defs, snap);
                    if (s % 1000 == 0) {
                        store.throttle(50_000);
                    }
                }
                store.close();
                Map<Resolution, Duration> retention = store.retention();
                Map<String, Long> tables = StoreHarness.tableBytes(store.file());
                long rollupRows = 0;
                for (Resolution r : retention.keySet()) {
                    rollupRows += tables.getOrDefault("rows:" + r, 0L);
                }
                // A month at steady state: each table's bytes per simulated day times the days it is kept (at most 30).
                double month = 0;
                for (Map.Entry<String, Long> t : tables.entrySet()) {
                    String name = t.getKey();
                    if (name.startsWith("rows:")) {
                        continue;
                    }
                    if (name.equals("rollups")) {
                        for (Resolution r : retention.keySet()) {
                            double share = tables.getOrDefault("rows:" + r, 0L) / (double) Math.max(1, rollupRows);
                            month += t.getValue() * share / DAYS * Math.min(30, retention.get(r).toDays());
                        }
                    } else if (name.equals("samples")) {
                        month += t.getValue() / (double) DAYS * Math.min(30, retention.get(Resolution.RAW).toDays());
                    } else {
                        month += t.getValue();
                    }
                }
                double perPointDay = month / feed.points() / 30;
                System.err.printf("store: demo mix, %d points x %d days: %d samples stored, file %d bytes "
                                + "(%.0f bytes per point-day with every level kept), pages by table %s (%.1f s)%n",
                        feed.points(), DAYS, store.stored(), store.bytes(), store.bytes() / (double) feed.points() / DAYS,
                        tables, (System.nanoTime() - start) / 1e9);
                figures.report("bytes_per_point_day", perPointDay, "bytes");
                System.err.printf("store: 1,000 such points for a month at the shipped retention: %.0f MB%n",
                        perPointDay * 1000 * 30 / 1e6);
            }
        } finally {
            delete(dir);
        }
    }

    private static void yearChart(Figures figures) throws Exception {
        Path dir = Files.createTempDirectory("cool-edge-store-bench");
        try {
            PointId id = PointId.of("site", "load");
            Map<PointId, PointDefinition> defs = Map.of(id,
                    PointDefinition.readOnly(id, Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT, Duration.ofMinutes(2)));
            int minutes = 365 * 24 * 60;
            Instant end = T0.plus(Duration.ofMinutes(minutes));
            try (StoreHarness store = new StoreHarness(dir, T0)) {
                for (int m = 0; m < minutes; m++) {
                    Instant t = T0.plus(Duration.ofMinutes(m));
                    double v = 60 + 30 * Math.sin(m * 2 * Math.PI / 1440) + 5 * Math.sin(m / 7.0);
                    store.cycle(t, defs, Map.of(id, PointValue.good(id, v, Unit.KILOWATT, t)));
                    if (m % 10_000 == 0) {
                        store.throttle(50_000);
                    }
                }
                while (store.processed() < minutes) {
                    Thread.sleep(1);
                }
                store.close();
            }
            try (StoreHarness store = new StoreHarness(dir, end)) {
                long[] q = new long[100];
                Series s = null;
                for (int i = 0; i < 10; i++) {
                    store.chart(id, end.minus(Duration.ofDays(365)), end, 2000);
                }
                for (int i = 0; i < q.length; i++) {
                    long t = System.nanoTime();
                    s = store.chart(id, end.minus(Duration.ofDays(365)), end, 2000);
                    q[i] = System.nanoTime() - t;
                }
                System.err.printf("store: year chart from %s, %d buckets -> %d, p50 %.1f ms (after 10 warm-up queries)%n",
                        s.resolution(), s.sourceBuckets(), s.buckets().size(), Figures.percentile(q, 50) / 1e6);
                figures.report("year_chart_query_p99_ms", Figures.percentile(q, 99) / 1e6, "ms");
            }
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
