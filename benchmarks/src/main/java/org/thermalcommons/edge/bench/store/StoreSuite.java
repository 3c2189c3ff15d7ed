package org.thermalcommons.edge.bench.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.store.StoreHarness;

/**
 * SQLite ingest through the runtime's own path (queue, writer thread, batched transactions): 1,000 points x 500
 * cycles, timed until every row is committed. Then history query latency.
 */
public final class StoreSuite implements Suite {
    private static final int POINTS = 1000;
    private static final int CYCLES = Integer.getInteger("store.cycles", 500);

    @Override
    public String name() {
        return "store";
    }

    @Override
    public void run(Figures figures) throws Exception {
        Path dir = Files.createTempDirectory("cool-edge-store-bench");
        try {
            List<PointId> ids = new ArrayList<>();
            for (int i = 0; i < POINTS; i++) {
                ids.add(PointId.of("dev-" + i / 50, "p" + i));
            }
            Instant t0 = Instant.parse("2026-03-02T00:00:00Z");
            List<List<PointValue>> cycles = new ArrayList<>();
            for (int c = 0; c < CYCLES; c++) {
                List<PointValue> snap = new ArrayList<>(POINTS);
                for (PointId id : ids) {
                    snap.add(PointValue.good(id, c * 0.1, Unit.KILOWATT, t0.plusSeconds(c)));
                }
                cycles.add(snap);
            }
            try (StoreHarness store = new StoreHarness(dir)) {
                long total = (long) POINTS * CYCLES;
                long start = System.nanoTime();
                for (List<PointValue> snap : cycles) {
                    store.enqueue(snap);
                }
                while (store.stored() + store.dropped() < total) {
                    Thread.sleep(1);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf("store: %d rows in %.2f s (%d dropped)%n", store.stored(), seconds, store.dropped());
                figures.report("ingest_rows_per_s", store.stored() / seconds, "rows/s");

                long[] q = new long[200];
                for (int i = 0; i < q.length; i++) {
                    long t = System.nanoTime();
                    store.history(ids.get(i % POINTS), t0.plusSeconds(100), t0.plusSeconds(400), 1000);
                    q[i] = System.nanoTime() - t;
                }
                figures.report("query_p99_ms", Figures.percentile(q, 99) / 1e6, "ms");
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
