package org.thermalcommons.edge.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.console.http.Json;

class StreamClientTest {
    /** A connection that takes writes only while {@code ready}; records every write and flush. */
    static final class Connection implements StreamClient.Output {
        volatile boolean ready = true;
        final List<String> calls = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized boolean isReady() {
            return ready;
        }

        @Override
        public synchronized void write(byte[] b) {
            calls.add("write");
            bytes.writeBytes(b);
        }

        @Override
        public synchronized void flush() {
            calls.add("flush");
        }

        @Override
        public void complete() {
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReadyConnectionGetsOneWriteAndOneFlushPerBatch() {
        Connection c = new Connection();
        StreamClient client = new StreamClient(c, 1_000, () -> true);
        assertThat(client.offer(b("event: a\ndata: 1\n\nevent: b\ndata: 2\n\n"))).isEqualTo(LiveHub.Offer.QUEUED);
        assertThat(c.calls).containsExactly("write", "flush");
    }

    @Test
    void batchesWaitingForABusyConnectionGoOutAsOneWrite() {
        Connection c = new Connection();
        c.ready = false;
        StreamClient client = new StreamClient(c, 1_000, () -> true);
        client.offer(b("one\n\n"));
        client.offer(b("two\n\n"));
        assertThat(c.calls).isEmpty();
        assertThat(client.queuedBytes()).isEqualTo(10);
        c.ready = true;
        client.writePossible();
        assertThat(c.calls).containsExactly("write", "flush");
        assertThat(c.text()).isEqualTo("one\n\ntwo\n\n");
    }

    @Test
    void aClientBehindByMoreThanItsBoundIsConflatedAndThenGetsOnlyTheFullState() {
        Connection c = new Connection();
        c.ready = false;
        StreamClient client = new StreamClient(c, 12, () -> true);
        assertThat(client.offer(b("12345678\n\n"))).isEqualTo(LiveHub.Offer.QUEUED);
        assertThat(client.offer(b("abcdefgh\n\n"))).isEqualTo(LiveHub.Offer.CONFLATED);
        assertThat(client.needsResync()).isTrue();
        assertThat(client.queuedBytes()).as("what it missed is dropped").isZero();
        assertThat(client.offer(b("later\n\n"))).isEqualTo(LiveHub.Offer.CONFLATED);
        assertThat(client.resync(b("FULL\n\n"))).isEqualTo(LiveHub.Offer.QUEUED);
        c.ready = true;
        client.writePossible();
        assertThat(c.text()).isEqualTo("FULL\n\n");
        assertThat(client.needsResync()).isFalse();
    }

    @Test
    void aFailedConnectionIsGone() {
        Connection c = new Connection();
        StreamClient client = new StreamClient(c, 100, () -> true);
        client.failed();
        assertThat(client.offer(b("x\n\n"))).isEqualTo(LiveHub.Offer.GONE);
    }

    @Test
    void aStuckStreamDoesNotDelayTheOthersAndIsResyncedWithEveryPointsLastValue() throws Exception {
        Json json = new Json(16 * 1024);
        LiveHub hub = new LiveHub(json::string, Optional::empty, 10, Duration.ofMinutes(1));
        try {
            Connection fast = new Connection();
            Connection stuck = new Connection();
            stuck.ready = false;
            StreamClient stuckClient = new StreamClient(stuck, 2_000, () -> true);
            hub.add(new StreamClient(fast, 1 << 20, () -> true));
            hub.add(stuckClient);
            PointId p = PointId.of("dev", "p");
            Map<PointId, PointDefinition> defs = Map.of(p, PointDefinition.readOnly(p, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT,
                    Duration.ofMinutes(1)));
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 100; i++) {
                Map<PointId, PointValue> values = new HashMap<>();
                values.put(p, PointValue.good(p, i, Unit.KILOWATT, t0.plusSeconds(i)));
                hub.offer(new PointSnapshot(t0.plusSeconds(i), defs, values));
                long deadline = System.nanoTime() + 5_000_000_000L;
                int want = i;
                while (!fast.text().contains("\"v\":" + (double) want) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(fast.text()).as("the fast stream got value %d although another stream is stuck", i)
                        .contains("\"v\":" + (double) i);
            }
            assertThat(hub.conflatedBatches()).isPositive();
            stuck.ready = true;
            stuckClient.writePossible();
            hub.publish("audit", Map.of("message", "wake"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!stuck.text().contains("\"v\":99.0") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            String text = stuck.text();
            assertThat(text).contains("event: resync");
            assertThat(text.substring(text.indexOf("event: resync"))).as("the full state carries the last value")
                    .contains("\"v\":99.0");
            assertThat(hub.resyncs()).isPositive();
        } finally {
            hub.close();
        }
    }
}
