package org.thermalcommons.edge.driver.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.PollGroup;

/** The threading shell every driver shares: one pending slot per point, held writes, outcomes on the device thread. */
class FieldDeviceComponentTest {
    private static final PointId A = PointId.of("dev", "a");
    private static final PointId B = PointId.of("dev", "b");

    /** A device whose poll can be blocked and whose availability is set by the test. */
    static final class Device implements FieldDevice {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile boolean available = true;
        volatile CountDownLatch blockPoll = new CountDownLatch(0);
        final CountDownLatch polling = new CountDownLatch(1);
        volatile WriteOutcome answer = WriteOutcome.accepted();
        volatile RuntimeException throwOnWrite;
        final AtomicInteger polls = new AtomicInteger();

        @Override
        public List<PointDefinition> definitions() {
            return List.of();
        }

        @Override
        public Map<PointId, PointValue> values() {
            return new ConcurrentHashMap<>();
        }

        @Override
        public Set<PollGroup> pollGroups() {
            return Set.of(PollGroup.FAST);
        }

        @Override
        public boolean writable(PointId id) {
            return true;
        }

        @Override
        public void poll(PollGroup group) {
            polls.incrementAndGet();
            polling.countDown();
            try {
                blockPoll.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (polls.get() == 2) {
                throw new IllegalStateException("a poll that blows up");
            }
        }

        @Override
        public WriteOutcome write(PointId id, double value) {
            threads.add(Thread.currentThread().getName());
            if (throwOnWrite != null) {
                throw throwOnWrite;
            }
            calls.add("write " + id.name() + "=" + value);
            return answer;
        }

        @Override
        public WriteOutcome relinquish(PointId id) {
            calls.add("relinquish " + id.name());
            return WriteOutcome.accepted();
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    static final class Component extends FieldDeviceComponent {
        void begin(Device d, long periodMs) {
            start("test-device", d, Map.of(PollGroup.FAST, periodMs));
        }

        void end() throws InterruptedException {
            stop();
        }

        int waiting() {
            return pendingCount();
        }
    }

    private final Device device = new Device();
    private final Component component = new Component();
    private final List<WriteOutcome> outcomes = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        device.blockPoll.countDown();
        component.end();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aNewerValueReplacesAnUnsentOneWhichCompletesSuperseded() throws Exception {
        device.blockPoll = new CountDownLatch(1);
        component.begin(device, 50);
        device.polling.await(5, TimeUnit.SECONDS); // the device thread is busy polling

        component.write(A, 1, outcomes::add);
        component.write(A, 2, outcomes::add);
        component.write(A, 3, outcomes::add);
        assertThat(component.waiting()).as("one slot per point").isEqualTo(1);
        device.blockPoll.countDown();

        await("the newest write answered", () -> outcomes.size() == 3);
        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.SUPERSEDED,
                WriteOutcome.Status.SUPERSEDED, WriteOutcome.Status.ACCEPTED);
        assertThat(device.calls).containsExactly("write a=3.0");
    }

    @Test
    void writesAreHeldWhileTheDeviceIsUnavailableAndOnlyTheNewestGoesOutOnceItAnswers() throws Exception {
        device.available = false;
        component.begin(device, 20);
        component.write(A, 1, outcomes::add);
        component.write(B, 7, outcomes::add);
        component.write(A, 2, outcomes::add);
        await("a few polls", () -> device.polls.get() >= 3);
        assertThat(device.calls).as("nothing sent while backing off").isEmpty();
        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.SUPERSEDED);

        device.available = true;
        await("both points written", () -> outcomes.size() == 3);
        assertThat(device.calls).containsExactlyInAnyOrder("write a=2.0", "write b=7.0");
        assertThat(device.threads).allSatisfy(t -> assertThat(t).isEqualTo("cool-edge-test-device"));
    }

    @Test
    void theDevicesAnswerReachesTheCallerAndAThrowingDriverIsUnreachable() throws Exception {
        device.answer = WriteOutcome.refused("value-out-of-range");
        component.begin(device, 50);
        component.write(A, 40, outcomes::add);
        await("refused", () -> outcomes.size() == 1);
        assertThat(outcomes.get(0)).isEqualTo(WriteOutcome.refused("value-out-of-range"));

        device.throwOnWrite = new IllegalStateException("bug");
        component.write(A, 41, outcomes::add);
        await("unreachable", () -> outcomes.size() == 2);
        assertThat(outcomes.get(1).status()).isEqualTo(WriteOutcome.Status.UNREACHABLE);
        assertThat(outcomes.get(1).reason()).contains("bug");
    }

    @Test
    void aRelinquishTakesThePointsSlotToo() throws Exception {
        device.blockPoll = new CountDownLatch(1);
        component.begin(device, 50);
        device.polling.await(5, TimeUnit.SECONDS);
        component.write(A, 1, outcomes::add);
        component.relinquish(A, outcomes::add);
        device.blockPoll.countDown();
        await("relinquished", () -> outcomes.size() == 2);
        assertThat(device.calls).containsExactly("relinquish a");
    }

    @Test
    void whenABackOffEndsEveryGroupIsPolledAtOnceNotAtItsNextPeriod() throws Exception {
        device.available = false;
        component.begin(device, 600_000);
        await("the first poll", () -> device.polls.get() == 1);
        device.available = true; // the back-off is over
        await("polled again long before its 10-minute period", () -> device.polls.get() >= 2);
    }

    @Test
    void aPollThatThrowsDoesNotStopTheDeviceThread() throws Exception {
        component.begin(device, 10);
        await("polls go on after the failing one", () -> device.polls.get() >= 4);
        component.write(A, 5, outcomes::add);
        await("written", () -> outcomes.size() == 1);
        assertThat(outcomes.get(0).isAccepted()).isTrue();
    }

    @Test
    void commandsStillHeldWhenTheDeviceStopsCompleteUnreachable() throws Exception {
        device.available = false;
        component.begin(device, 20);
        component.write(A, 1, outcomes::add);
        component.end();
        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.UNREACHABLE);
        assertThat(device.calls).containsExactly("close");
        component.write(A, 2, outcomes::add);
        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.UNREACHABLE,
                WriteOutcome.Status.UNREACHABLE);
        // tearDown stops it a second time: harmless.
    }
}
