package org.thermalcommons.edge.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.ModbusOptions;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.driver.modbus.ProtocolViolation.Rule;
import org.thermalcommons.edge.driver.modbus.ScriptedModbusServer.Reply;
import org.thermalcommons.edge.driver.modbus.ScriptedModbusServer.Request;

/**
 * Issue 9 item 5 (Modbus): a misbehaving Modbus TCP server on loopback feeds the real driver (ModbusDevice over
 * J2modTransport) at least 10,000 generated responses: garbage, truncated frames, wrong transaction ids, wrong unit
 * ids, wrong lengths and byte counts, wrong function codes, exception storms, duplicates, silence and slow answers.
 * Deterministic for a seed ({@code -Dfuzz.seed=N}), bounded in time. The driver must never throw, its thread must
 * survive, every rejection is counted under a named rule, the log stays small, and it recovers once the server behaves.
 */
class ModbusFuzzTest {
    static final int RESPONSES = 10_000;
    static final int TIMEOUT_MS = 30;

    enum Kind {
        // kinds that cost the driver a timeout (a wrong transaction id is discarded and the right answer never comes,
        // trailing bytes desynchronise the next frame, silence, late or truncated answers) are rarer: they bound the run time
        GOOD(50), GARBAGE(8), TRUNCATED_CLOSE(6), TRUNCATED_WAIT(1), WRONG_TID(2), WRONG_UNIT(6), WRONG_PROTOCOL(4),
        WRONG_MBAP_LENGTH(6), WRONG_BYTE_COUNT(6), WRONG_FC(5), EXCEPTION(12), EXTRA_BYTES(2), DUPLICATE(5), SLOW_IN_TIME(3),
        SLOW_LATE(1), SILENT(1), CLOSE(3);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** The server's side: picks one kind per request from the seeded generator and builds the frame. */
    static final class Fuzzer implements ScriptedModbusServer.Responder {
        final Random rnd;
        final int[] holding = new int[200];
        final int[] input = new int[20];
        final boolean[] bits = new boolean[20];
        final Map<Kind, AtomicLong> sent = new EnumMap<>(Kind.class);
        final AtomicLong responses = new AtomicLong();
        volatile boolean behave;
        final int total;

        Fuzzer(long seed) {
            rnd = new Random(seed);
            for (Kind k : Kind.values()) {
                sent.put(k, new AtomicLong());
            }
            total = java.util.Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();
            holding[100] = 655;
            holding[101] = 0xFFFF;
            holding[102] = 0xFFFF;
            holding[103] = 0x9E58;
            holding[110] = 40;
            int f = Float.floatToIntBits(123.5f);
            input[0] = f & 0xFFFF;
            input[1] = f >>> 16;
            bits[5] = true;
        }

        Kind pick() {
            int x = rnd.nextInt(total);
            for (Kind k : Kind.values()) {
                x -= k.weight;
                if (x < 0) {
                    return k;
                }
            }
            return Kind.GOOD;
        }

        @Override
        public synchronized Reply reply(Request r) {
            byte[] good = ScriptedModbusServer.answer(r, holding, input, bits);
            if (behave) {
                return Reply.of(good);
            }
            Kind k = pick();
            sent.get(k).incrementAndGet();
            responses.incrementAndGet();
            return switch (k) {
                case GOOD -> Reply.of(good);
                case GARBAGE -> {
                    byte[] g = new byte[1 + rnd.nextInt(300)];
                    rnd.nextBytes(g);
                    yield new Reply(g, 0, rnd.nextInt(10) != 0);
                }
                case TRUNCATED_CLOSE -> new Reply(java.util.Arrays.copyOf(good, rnd.nextInt(good.length)), 0, true);
                case TRUNCATED_WAIT -> Reply.of(java.util.Arrays.copyOf(good, rnd.nextInt(good.length)));
                case WRONG_TID -> Reply.of(patch(good, 0, r.tid() + 1 + rnd.nextInt(1000)));
                case WRONG_UNIT -> Reply.of(patchByte(good, 6, r.unit() + 1 + rnd.nextInt(254)));
                case WRONG_PROTOCOL -> Reply.of(patch(good, 2, 1 + rnd.nextInt(0xFFFE)));
                case WRONG_MBAP_LENGTH -> new Reply(patch(good, 4, rnd.nextInt(0x10000)), 0, true);
                case WRONG_BYTE_COUNT -> Reply.of(good.length > 8 ? patchByte(good, 8, rnd.nextInt(256)) : good);
                case WRONG_FC -> Reply.of(patchByte(good, 7, rnd.nextInt(256)));
                case EXCEPTION -> Reply.of(ScriptedModbusServer.exception(r, rnd.nextInt(12) == 0 ? rnd.nextInt(256) : 1 + rnd.nextInt(11)));
                case EXTRA_BYTES -> {
                    byte[] extra = new byte[1 + rnd.nextInt(20)];
                    rnd.nextBytes(extra);
                    byte[] out = java.util.Arrays.copyOf(good, good.length + extra.length);
                    System.arraycopy(extra, 0, out, good.length, extra.length);
                    yield Reply.of(out);
                }
                case DUPLICATE -> {
                    byte[] out = java.util.Arrays.copyOf(good, good.length * 2);
                    System.arraycopy(good, 0, out, good.length, good.length);
                    yield Reply.of(out);
                }
                case SLOW_IN_TIME -> new Reply(good, 1 + rnd.nextInt(3), false);
                case SLOW_LATE -> new Reply(good, TIMEOUT_MS + 30, false);
                case SILENT -> Reply.silence();
                case CLOSE -> new Reply(new byte[0], 0, true);
            };
        }

        static byte[] patch(byte[] frame, int at, int value) {
            byte[] out = frame.clone();
            out[at] = (byte) (value >>> 8);
            out[at + 1] = (byte) value;
            return out;
        }

        static byte[] patchByte(byte[] frame, int at, int value) {
            byte[] out = frame.clone();
            out[at] = (byte) value;
            return out;
        }
    }

    @Test
    void aMisbehavingServerNeverBreaksTheDriverAndEveryRejectionIsCounted() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261201L);
        Fuzzer fuzzer = new Fuzzer(seed);
        ModbusCounters counters = new ModbusCounters();
        long[] mono = {0};
        Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ExecutorService deviceThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "cool-edge-modbus-fuzz"));
        long started = System.nanoTime();
        long crashes = 0;
        try (ScriptedModbusServer server = new ScriptedModbusServer(fuzzer)) {
            ModbusDevice device = new ModbusDevice(new ModbusDevice.Settings("fuzz", 1, 100, 0, Duration.ofSeconds(15),
                    Duration.ofMillis(1), Duration.ofMillis(1), 3, Map.of()), TestProfiles.batteryWithLimit(ModbusOptions.DEFAULT),
                    new J2modTransport("127.0.0.1", server.port(), TIMEOUT_MS, 1, counters), counters, () -> now[0],
                    () -> mono[0], ms -> { });
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            int round = 0;
            while (fuzzer.responses.get() < RESPONSES && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
                int i = round++;
                Future<?> f = deviceThread.submit(() -> {
                    mono[0] += 2; // 2 ms of monotonic time a round: back-off (1 ms) over, the log's 60 s window not
                    now[0] = now[0].plusSeconds(1);
                    if (i % 7 == 0) {
                        WriteOutcome o = device.write(PointId.parse("fuzz/max-charge"), i % 100);
                        assertThat(o).isNotNull();
                    } else {
                        device.poll(PollGroup.FAST);
                    }
                });
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    crashes++;
                    err.println("driver threw: " + e.getCause());
                }
            }
            System.setErr(err);

            // the server behaves again: the driver recovers on its next polls (a few, should a loaded machine make a
            // 30 ms answer late)
            fuzzer.behave = true;
            for (int attempt = 0; attempt < 10 && !(attempt > 0 && device.consecutiveFailures() == 0
                    && device.values().values().stream().allMatch(v -> v.quality() == Quality.GOOD)); attempt++) {
                deviceThread.submit(() -> {
                    mono[0] += 2;
                    now[0] = now[0].plusSeconds(1);
                    device.poll(PollGroup.FAST);
                }).get(30, TimeUnit.SECONDS);
            }
            assertThat(device.values().values()).allMatch(v -> v.quality() == Quality.GOOD);
            assertThat(device.values().get(PointId.parse("fuzz/soc")).value()).isEqualTo(65.5);
            assertThat(device.consecutiveFailures()).isZero();
            device.close();
        } finally {
            System.setErr(err);
            deviceThread.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String lines = log.toString(StandardCharsets.UTF_8);
        long logLines = lines.lines().count();
        err.printf("modbus fuzz seed %d: %d responses in %.1f s, sent %s, rejected %s, exceptions %s, device failures %d, %d log lines%n",
                seed, fuzzer.responses.get(), seconds, fuzzer.sent, counters.rejectedByRule(), counters.exceptionsByCode(),
                counters.deviceFailures.sum(), logLines);

        assertThat(crashes).as("exceptions thrown by the driver").isZero();
        assertThat(fuzzer.responses.get()).isGreaterThanOrEqualTo(RESPONSES);
        assertThat(seconds).as("run time").isLessThan(60);
        // every kind of misbehaviour was seen and counted under its rule
        Map<Rule, Long> rejected = counters.rejectedByRule();
        for (Rule r : new Rule[] {Rule.TIMEOUT, Rule.CLOSED, Rule.TRANSACTION_ID, Rule.UNIT_ID, Rule.PROTOCOL_ID,
                Rule.FUNCTION_CODE, Rule.LENGTH, Rule.MALFORMED, Rule.ECHO}) {
            assertThat(rejected.get(r)).as("rejections under rule " + r.label).isPositive();
        }
        // every device-level failure has a named rule, every exception response was counted by its code
        assertThat(counters.rejectedTotal()).isGreaterThanOrEqualTo(counters.deviceFailures.sum());
        assertThat(counters.exceptionsByCode().values().stream().mapToLong(Long::longValue).sum()).isPositive();
        // the log is rate-limited: no stack traces, a bounded number of lines for thousands of bad answers
        assertThat(lines).doesNotContain("\tat ");
        assertThat(logLines).isLessThan(200);
    }
}
