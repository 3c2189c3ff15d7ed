package org.thermalcommons.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.store.AuditEvent;

/** The audit log's actor: stored with each event, queried per person newest first, copied out of older console events. */
class AuditByActorTest {
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);

    private static void awaitAudits(Database db, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (db.audits().since(Instant.EPOCH, 1_000).size() < n) {
            assertThat(System.nanoTime()).as("%d audit events stored in time", n).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static AuditEvent by(String actor, int second, String what) {
        return new AuditEvent(T0.plusSeconds(second), "console", "user:" + actor, actor + " (viewer): " + what, Optional.of(actor));
    }

    @Test
    void eventsOfOneActorComeNewestFirstInPagesAndNobodyElsesAreMixedIn() throws Exception {
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            for (int i = 0; i < 5; i++) {
                db.enqueue(by("alice", i, "step " + i));
                db.enqueue(by("bob", i, "bob step " + i));
            }
            db.enqueue(new AuditEvent(T0.plusSeconds(9), "controller", "bess", "isolated"));
            awaitAudits(db, 11);

            assertThat(db.audits().byActor("alice", 0, 2)).extracting(AuditEvent::message)
                    .containsExactly("alice (viewer): step 4", "alice (viewer): step 3");
            assertThat(db.audits().byActor("alice", 2, 10)).extracting(AuditEvent::message)
                    .containsExactly("alice (viewer): step 2", "alice (viewer): step 1", "alice (viewer): step 0");
            assertThat(db.audits().byActor("alice", 5, 10)).isEmpty();
            assertThat(db.audits().byActor("carol", 0, 10)).isEmpty();
            assertThat(db.audits().since(T0.plusSeconds(9), 10)).singleElement()
                    .satisfies(e -> assertThat(e.actor()).as("the gateway's own event has no actor").isEmpty());
            assertThat(db.audits().since(T0, 1)).singleElement().satisfies(e -> assertThat(e.actor()).contains("alice"));
        }
    }

    @Test
    void migrationToVersion4TakesTheActorOfOlderConsoleEventsFromTheirMessage() throws Exception {
        Path file = dir.resolve(Database.FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(Migrations.migrate(c, Migrations.STEPS.subList(0, 3))).isZero();
            String insert = "INSERT INTO audit(ts, category, subject, message) VALUES (" + T0.toEpochMilli() + ", ";
            s.execute(insert + "'console', 'zone-1/sp', 'alice (installer): set manual override zone-1/sp = 22.0')");
            s.execute(insert + "'console', 'user:bob', 'root.admin (admin): created user bob with role viewer')");
            s.execute(insert + "'console', 'zone-1/sp', 'console: manual override zone-1/sp = 22.0 (set by alice (installer)) expired')");
            s.execute(insert + "'config', 'x.cfg', 'alice (installer): not a console event')");
        }
        try (Database db = Database.open(dir, TestSettings.everything(), now::get)) {
            assertThat(db.reader().schemaVersion()).isEqualTo(Migrations.latest());
            assertThat(db.audits().byActor("alice", 0, 10)).singleElement()
                    .satisfies(e -> assertThat(e.message()).startsWith("alice (installer): set manual override"));
            assertThat(db.audits().byActor("root.admin", 0, 10)).hasSize(1);
            List<AuditEvent> all = db.audits().since(Instant.EPOCH, 10);
            assertThat(all).filteredOn(e -> e.actor().isEmpty()).extracting(AuditEvent::category)
                    .as("the console's own expiry and other categories stay without an actor").containsExactly("console", "config");
        }
    }
}
