package org.thermalcommons.edge.centralmarket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketStoreTest {
    @TempDir
    Path dir;

    private static void enqueue(MarketStore store, String text) throws Exception {
        store.tx(() -> {
            store.enqueue("t/" + text, text.getBytes(StandardCharsets.UTF_8), false);
            return null;
        });
    }

    @Test
    void aCaughtUpPublisherIsHandedEachCommittedRowOnceInSeqOrder() throws Exception {
        try (MarketStore store = new MarketStore(dir.resolve("m.db"))) {
            enqueue(store, "a");
            List<MarketStore.OutRow> handed = new ArrayList<>();
            List<MarketStore.OutRow> backlog = store.pendingOrTap(0, 10, handed::addAll);
            assertThat(backlog).extracting(MarketStore.OutRow::topic).containsExactly("t/a");
            assertThat(store.pendingOrTap(backlog.get(0).seq(), 10, handed::addAll)).isEmpty();
            enqueue(store, "b");
            store.tx(() -> {
                store.enqueue("t/c", new byte[] {1}, false);
                store.enqueue("t/d", new byte[] {2}, true);
                return null;
            });
            assertThat(handed).extracting(MarketStore.OutRow::topic).containsExactly("t/b", "t/c", "t/d");
            assertThat(handed).extracting(MarketStore.OutRow::seq).isSorted()
                    .allMatch(s -> s > backlog.get(0).seq());
            assertThat(handed.get(2).retained()).isTrue();
            // what was handed over is also in the outbox until it is sent
            assertThat(store.pending(backlog.get(0).seq(), 10)).extracting(MarketStore.OutRow::seq)
                    .isEqualTo(handed.stream().map(MarketStore.OutRow::seq).toList());
        }
    }

    @Test
    void aPublisherWithABacklogOrUntappedIsHandedNothing() throws Exception {
        try (MarketStore store = new MarketStore(dir.resolve("m.db"))) {
            enqueue(store, "a");
            List<MarketStore.OutRow> handed = new ArrayList<>();
            assertThat(store.pendingOrTap(0, 10, handed::addAll)).hasSize(1);
            enqueue(store, "b");
            assertThat(handed).isEmpty();
            assertThat(store.pendingOrTap(2, 10, handed::addAll)).isEmpty();
            store.untap();
            enqueue(store, "c");
            assertThat(handed).isEmpty();
        }
    }

    @Test
    void deletingSentRowsLeavesEveryOtherCommitAtSynchronousFull() throws Exception {
        Path file = dir.resolve("m.db");
        try (MarketStore store = new MarketStore(file)) {
            enqueue(store, "a");
            enqueue(store, "b");
            List<MarketStore.OutRow> rows = store.pending(0, 10);
            store.sent(List.of(rows.get(0).seq()));
            assertThat(store.longQuery("PRAGMA synchronous")).isEqualTo(2); // FULL
            enqueue(store, "c");
            assertThat(store.outboxDepth()).isEqualTo(2);
        }
        try (MarketStore reopened = new MarketStore(file)) {
            assertThat(reopened.pending(0, 10)).extracting(MarketStore.OutRow::topic).containsExactly("t/b", "t/c");
        }
    }
}
