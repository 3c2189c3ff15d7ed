package org.thermalcommons.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Unit;

/** The component as the framework runs it: activation, health while running and after a failed start, metrics. */
class StoreComponentTest {
    @TempDir
    Path dir;

    private static BundleContext context(String dataDir) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> m.getName().equals("getProperty") && "cool.edge.data".equals(a[0]) ? dataDir : null);
    }

    private static StoreComponent.Config defaults() {
        return (StoreComponent.Config) Proxy.newProxyInstance(StoreComponent.Config.class.getClassLoader(),
                new Class<?>[] {StoreComponent.Config.class}, (p, m, a) -> m.getDefaultValue());
    }

    @Test
    void anUnwritableDataDirectoryFailsActivationWithOneLineAndTheRequiredHealthIsDownNamingThePath() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        Path data = notADir.resolve("data");
        StoreComponent store = new StoreComponent();
        assertThatThrownBy(() -> store.activate(context(data.toString()), defaults()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("Cannot write the data directory " + data)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getStackTrace()).as("no stack trace to bury the message").isEmpty());

        StoreHealthComponent health = new StoreHealthComponent();
        health.activate(context(data.toString()), defaults());
        assertThat(health.component()).isEqualTo("store");
        assertThat(health.required()).isTrue();
        assertThat(health.health().status()).isEqualTo(Health.Status.DOWN);
        assertThat(health.health().detail()).startsWith("Cannot write the data directory " + data);
    }

    @Test
    void aDatabaseWrittenByANewerVersionIsRefusedWithAClearMessage() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (" + (Migrations.latest() + 1) + ")");
        }
        StoreComponent store = new StoreComponent();
        assertThatThrownBy(() -> store.activate(context(dir.toString()), defaults()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(dir.resolve(Database.FILE).toString())
                .hasMessageContaining("written by a newer COOL Edge (schema version " + (Migrations.latest() + 1)
                        + "; this version knows up to " + Migrations.latest() + ")");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE));
             Statement s = c.createStatement()) {
            assertThat(s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'samples'").getInt(1))
                    .as("the newer database was not touched").isZero();
        }
    }

    @Test
    void healthIsDownWhileBatchesFailAndUpAgainWhenWritingWorks() throws Exception {
        StoreComponent store = new StoreComponent();
        store.activate(context(dir.toString()), defaults());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE));
             Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse BEFORE INSERT ON samples WHEN NEW.value = 666 BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        try {
            StoreHealthComponent health = new StoreHealthComponent();
            health.activate(context(dir.toString()), defaults());
            health.store = store;
            PointId p = PointId.parse("zone-1/temp");
            Instant t0 = Instant.parse("2026-03-02T00:00:00Z");
            store.append(List.of(PointValue.good(p, 666, Unit.CELSIUS, t0)));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (store.db().counters().failedBatches.get() == 0) {
                assertThat(System.nanoTime()).as("the batch failed in time").isLessThan(deadline);
                Thread.sleep(5);
            }
            assertThat(health.health().status()).isEqualTo(Health.Status.DOWN);
            assertThat(health.health().detail()).contains(dir.resolve(Database.FILE).toString()).contains("disk says no");
            assertThat(store.droppedSamples()).isEqualTo(1);

            store.append(List.of(PointValue.good(p, 21, Unit.CELSIUS, t0.plusSeconds(1))));
            while (store.storedSamples() == 0) {
                assertThat(System.nanoTime()).as("the next batch was written in time").isLessThan(deadline);
                Thread.sleep(5);
            }
            assertThat(health.health()).isEqualTo(Health.up());
        } finally {
            store.deactivate();
        }
    }

    @Test
    void aRunningStoreIsUpAndPublishesItsCounters() throws Exception {
        StoreComponent store = new StoreComponent();
        store.activate(context(dir.toString()), defaults());
        try {
            StoreHealthComponent health = new StoreHealthComponent();
            health.activate(context(dir.toString()), defaults());
            health.store = store;
            assertThat(health.health()).isEqualTo(Health.up());

            Map<String, Double> seen = new HashMap<>();
            store.collect(new MetricsCollector() {
                @Override
                public void counter(String name, String help, Map<String, String> labels, double value) {
                    assertThat(name).startsWith("cool_edge_store_").endsWith("_total");
                    seen.put(name, value);
                }

                @Override
                public void gauge(String name, String help, Map<String, String> labels, double value) {
                    assertThat(name).startsWith("cool_edge_store_");
                    seen.put(name, value);
                }
            });
            assertThat(seen).containsKeys("cool_edge_store_queue_depth", "cool_edge_store_samples_written_total",
                    "cool_edge_store_samples_dropped_total", "cool_edge_store_batch_failures_total",
                    "cool_edge_store_rollup_rows_written_total", "cool_edge_store_database_bytes");
            assertThat(seen.get("cool_edge_store_database_bytes")).isPositive();
        } finally {
            store.deactivate();
        }
    }
}
