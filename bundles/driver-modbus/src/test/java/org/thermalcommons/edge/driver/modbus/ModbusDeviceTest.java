package org.thermalcommons.edge.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.ModbusOptions;
import org.thermalcommons.edge.api.profile.PollGroup;

/** The device logic against an in-memory register map: decoding, validation, back-off, fault and recovery, writes. */
class ModbusDeviceTest {
    static final class FakeTransport implements ModbusTransport {
        final Map<Integer, Integer> holding = new HashMap<>();
        final Map<Integer, Integer> input = new HashMap<>();
        final Map<Integer, Boolean> coils = new HashMap<>();
        /** Register address → exception code the device answers for any read or write touching it. */
        final Map<Integer, Integer> exceptions = new HashMap<>();
        /** Register address → exception code answered once (then the register reads again). */
        final Map<Integer, Integer> exceptionsOnce = new HashMap<>();
        final java.util.List<String> requests = new java.util.ArrayList<>();
        boolean up = true;
        boolean connected;
        int connects;
        int closes;

        private void refuse(int start, int count, String what) throws ModbusExceptionResponse {
            requests.add(what + " " + start + "+" + count);
            for (int a = start; a < start + count; a++) {
                Integer once = exceptionsOnce.remove(a);
                if (once != null) {
                    throw new ModbusExceptionResponse(once, what + " " + start + "+" + count);
                }
                if (exceptions.containsKey(a)) {
                    throw new ModbusExceptionResponse(exceptions.get(a), what + " " + start + "+" + count);
                }
            }
        }

        @Override
        public void connect() throws IOException {
            connects++;
            if (!up) {
                throw new IOException("connection refused");
            }
            connected = true;
        }

        @Override
        public boolean connected() {
            return connected;
        }

        private void check() throws IOException {
            if (!up) {
                connected = false;
                throw new IOException("timeout");
            }
        }

        @Override
        public int[] readHolding(int unit, int start, int count) throws IOException, ModbusExceptionResponse {
            check();
            refuse(start, count, "read holding");
            int[] w = new int[count];
            for (int i = 0; i < count; i++) {
                w[i] = holding.getOrDefault(start + i, 0);
            }
            return w;
        }

        @Override
        public int[] readInput(int unit, int start, int count) throws IOException, ModbusExceptionResponse {
            check();
            refuse(start, count, "read input");
            int[] w = new int[count];
            for (int i = 0; i < count; i++) {
                w[i] = input.getOrDefault(start + i, 0);
            }
            return w;
        }

        @Override
        public boolean[] readCoils(int unit, int start, int count) throws IOException, ModbusExceptionResponse {
            check();
            boolean[] b = new boolean[count];
            for (int i = 0; i < count; i++) {
                b[i] = coils.getOrDefault(start + i, false);
            }
            return b;
        }

        @Override
        public boolean[] readDiscreteInputs(int unit, int start, int count) throws IOException, ModbusExceptionResponse {
            return readCoils(unit, start, count);
        }

        @Override
        public void writeRegisters(int unit, int start, int[] words, boolean fc16Only) throws IOException, ModbusExceptionResponse {
            check();
            refuse(start, words.length, words.length == 1 && !fc16Only ? "fc6" : "fc16");
            for (int i = 0; i < words.length; i++) {
                holding.put(start + i, words[i]);
            }
        }

        @Override
        public void writeCoil(int unit, int address, boolean on) throws IOException {
            check();
            coils.put(address, on);
        }

        @Override
        public void close() {
            closes++;
            connected = false;
        }
    }

    final FakeTransport t = new FakeTransport();
    Instant now = Instant.parse("2026-03-02T00:00:00Z");
    ModbusDevice device;
    final ModbusCounters counters = new ModbusCounters();

    static ModbusDevice.Settings settings(int maxGap) {
        return new ModbusDevice.Settings("bat", 1, maxGap, 0, Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(8), 3,
                Map.of(PollGroup.FAST, Duration.ofSeconds(20), PollGroup.NORMAL, Duration.ofSeconds(5), PollGroup.SLOW, Duration.ofSeconds(30)));
    }

    ModbusDevice device(org.thermalcommons.edge.api.profile.DeviceProfile profile) {
        return new ModbusDevice(settings(100), profile, t, counters, () -> now, () -> now.toEpochMilli(), ms -> { });
    }
    static final PointId SOC = PointId.parse("bat/soc");
    static final PointId POWER = PointId.parse("bat/power");
    static final PointId SETPOINT = PointId.parse("bat/power-setpoint");
    static final PointId METER = PointId.parse("bat/meter");

    @BeforeEach
    void setUp() {
        device = device(TestProfiles.battery());
        t.holding.put(100, 655);          // SOC raw
        t.holding.put(101, 0xFFFF);       // sf = -1 → 65.5 %
        t.holding.put(102, 0xFFFF);       // int32 -25000 W → -25 kW
        t.holding.put(103, 0x9E58);
        int bits = Float.floatToIntBits(123.5f);
        t.input.put(0, bits & 0xFFFF);    // little-endian words
        t.input.put(1, bits >>> 16);
        t.coils.put(5, true);
    }

    @Test
    void decodesEveryPointOfTheProfile() {
        device.poll(PollGroup.FAST);
        assertThat(device.values().get(SOC).value()).isEqualTo(65.5);
        assertThat(device.values().get(POWER).value()).isEqualTo(-25.0);
        assertThat(device.values().get(METER).value()).isEqualTo(123.5);
        assertThat(device.values().get(PointId.parse("bat/running")).value()).isEqualTo(1.0);
        assertThat(device.values().values()).allMatch(v -> v.quality() == Quality.GOOD && v.timestamp().equals(now));
        // One read per table: holding 100..105, input 0..1, coil 5.
        assertThat(counters.transactions.sum()).isEqualTo(3);
    }

    @Test
    void implausibleAnswersAreRejectedAsFaultAndCounted() {
        t.holding.put(100, 2000); // 200 % SOC
        device.poll(PollGroup.FAST);
        assertThat(device.values().get(SOC).quality()).isEqualTo(Quality.FAULT);
        assertThat(counters.invalidValues.sum()).isEqualTo(1);
        t.holding.put(101, 40); // scale factor 10^40
        device.poll(PollGroup.FAST);
        assertThat(counters.invalidValues.sum()).isEqualTo(2);
        t.holding.put(100, 655);
        t.holding.put(101, 0xFFFF);
        device.poll(PollGroup.FAST);
        assertThat(device.values().get(SOC).quality()).isEqualTo(Quality.GOOD);
    }

    @Test
    void anUnreachableDeviceBacksOffExponentiallyTurnsFaultAndRecovers() {
        device.poll(PollGroup.FAST);
        t.up = false;
        t.connected = false;
        device.poll(PollGroup.FAST);
        assertThat(device.nextAttemptMillis()).isEqualTo(now.plusSeconds(1).toEpochMilli());
        now = now.plusMillis(500);
        device.poll(PollGroup.FAST); // backing off: no attempt
        assertThat(device.consecutiveFailures()).isEqualTo(1);
        now = now.plusMillis(500);
        device.poll(PollGroup.FAST);
        assertThat(device.nextAttemptMillis()).isEqualTo(now.plusSeconds(2).toEpochMilli());
        assertThat(device.values().get(SOC).quality()).isEqualTo(Quality.GOOD);
        now = now.plusSeconds(2);
        device.poll(PollGroup.FAST);
        assertThat(device.consecutiveFailures()).isEqualTo(3);
        assertThat(device.values().values()).allMatch(v -> v.quality() == Quality.FAULT);
        for (int i = 0; i < 5; i++) {
            now = now.plusSeconds(60);
            device.poll(PollGroup.FAST);
        }
        assertThat(device.nextAttemptMillis()).isEqualTo(now.plusSeconds(8).toEpochMilli()); // capped

        t.up = true;
        now = now.plusSeconds(8);
        device.poll(PollGroup.FAST);
        assertThat(device.consecutiveFailures()).isZero();
        assertThat(device.values().values()).allMatch(v -> v.quality() == Quality.GOOD);
    }

    @Test
    void writesEncodeWithScaleAndWordOrderAndRelinquishWritesTheSafeValue() {
        device.write(SETPOINT, -42.5);
        assertThat(Codec.decode(new int[] {t.holding.get(104), t.holding.get(105)}, 0,
                org.thermalcommons.edge.api.profile.ModbusAddress.DataType.INT32,
                org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder.BIG_ENDIAN)).isEqualTo(-42500);
        device.relinquish(SETPOINT);
        assertThat(t.holding.get(104)).isZero();
        assertThat(t.holding.get(105)).isZero();
        device.write(SOC, 50);
        assertThat(counters.refusedWrites.sum()).isEqualTo(1);
    }

    static final PointId MAX_CHARGE = PointId.parse("bat/max-charge");

    @Test
    void anExceptionForOneBlockFaultsOnlyItsPointsNamingTheExceptionAndKeepsTheConnection() {
        device = device(TestProfiles.batteryWithLimit(ModbusOptions.DEFAULT));
        t.holding.put(110, 50);
        device.poll(PollGroup.FAST);
        assertThat(device.values().get(MAX_CHARGE).value()).isEqualTo(50);
        t.exceptions.put(110, 2);
        t.holding.put(100, 700);
        device.poll(PollGroup.FAST);
        assertThat(device.values().get(MAX_CHARGE).quality()).isEqualTo(Quality.FAULT);
        assertThat(device.faultReason(MAX_CHARGE)).contains("exception 2 illegal data address");
        assertThat(device.values().get(SOC).quality()).isEqualTo(Quality.GOOD);
        assertThat(device.values().get(SOC).value()).isEqualTo(70.0);
        assertThat(device.values().get(METER).quality()).isEqualTo(Quality.GOOD);
        assertThat(device.consecutiveFailures()).isZero();
        assertThat(device.available()).isTrue();
        assertThat(t.closes).isZero();
        assertThat(t.connects).isEqualTo(1);
        assertThat(device.health().detail()).contains("bat/max-charge").contains("exception 2 illegal data address");

        // the refused block is read again every period; the others never missed one
        int before = t.requests.size();
        now = now.plusSeconds(1);
        device.poll(PollGroup.FAST);
        assertThat(t.requests.subList(before, t.requests.size())).containsExactly("read holding 100+6", "read holding 110+1", "read input 0+2");
        t.exceptions.clear();
        device.poll(PollGroup.FAST);
        assertThat(device.values().get(MAX_CHARGE).quality()).isEqualTo(Quality.GOOD);
        assertThat(device.faultReason(MAX_CHARGE)).isEmpty();
        assertThat(device.health().status()).isEqualTo(org.thermalcommons.edge.api.health.Health.Status.UP);
    }

    @Test
    void aBlockThatReadWellAndAnswersOneExceptionIsAskedOnceMoreAtOnceAndItsPointsStayGood() {
        device.poll(PollGroup.FAST);
        t.holding.put(100, 0); // the device restarted: SOC register reads 0 now
        t.exceptionsOnce.put(100, 2); // its first answer on the old session is an exception
        now = now.plusSeconds(1);
        int before = t.requests.size();
        device.poll(PollGroup.FAST);
        assertThat(t.requests.subList(before, t.requests.size())).containsExactly("read holding 100+6", "read holding 100+6",
                "read input 0+2");
        assertThat(device.values().get(SOC).quality()).isEqualTo(Quality.GOOD);
        assertThat(device.values().get(SOC).value()).isEqualTo(0.0);
        assertThat(device.values().get(SOC).timestamp()).isEqualTo(now);
        assertThat(counters.rereads.sum()).isEqualTo(1);
        assertThat(device.consecutiveFailures()).isZero();

        // A block already refused is not asked twice per period.
        t.exceptions.put(100, 2);
        device.poll(PollGroup.FAST);
        assertThat(device.values().get(SOC).quality()).isEqualTo(Quality.FAULT);
        before = t.requests.size();
        device.poll(PollGroup.FAST);
        assertThat(t.requests.subList(before, t.requests.size())).containsExactly("read holding 100+6", "read input 0+2");
        assertThat(counters.rereads.sum()).isEqualTo(2);
    }

    @Test
    void unmappedRegistersAreNeverReadUnlessTheProfileAllowsHoles() {
        device = device(TestProfiles.batteryWithLimit(ModbusOptions.DEFAULT));
        assertThat(device.blocks(PollGroup.FAST)).extracting(Block::describe)
                .containsExactly("holding 100+6", "holding 110+1", "input 0+2", "coils 5+1");
        device = device(TestProfiles.batteryWithLimit(new ModbusOptions(4, false)));
        assertThat(device.blocks(PollGroup.FAST)).extracting(Block::describe).containsExactly("holding 100+11", "input 0+2", "coils 5+1");
        // the device configuration can only lower the profile's allowance
        device = new ModbusDevice(settings(0), TestProfiles.batteryWithLimit(new ModbusOptions(4, false)), t, counters, () -> now,
                () -> now.toEpochMilli(), ms -> { });
        assertThat(device.blocks(PollGroup.FAST)).hasSize(4);
    }

    @Test
    void aRefusedWriteIsReportedWithTheExceptionAndNeverMarksTheDeviceUnreachable() {
        device.poll(PollGroup.FAST);
        t.exceptions.put(104, 3);
        WriteOutcome o = device.write(SETPOINT, 10);
        assertThat(o.status()).isEqualTo(WriteOutcome.Status.REFUSED);
        assertThat(o.reason()).isEqualTo("exception 3 illegal data value");
        assertThat(device.consecutiveFailures()).isZero();
        assertThat(device.available()).isTrue();
        t.exceptions.clear();
        device.poll(PollGroup.FAST);
        assertThat(device.values().values()).allMatch(v -> v.quality() == Quality.GOOD);
        assertThat(counters.refusedWrites.sum()).isEqualTo(1);
    }

    @Test
    void aWriteThatCannotReachTheDeviceIsUnreachableAndTheDeviceIsUnavailableWhileBackingOff() {
        device.poll(PollGroup.FAST);
        t.up = false;
        WriteOutcome o = device.write(SETPOINT, 10);
        assertThat(o.status()).isEqualTo(WriteOutcome.Status.UNREACHABLE);
        assertThat(device.available()).isFalse();
        assertThat(device.write(SETPOINT, 11).status()).isEqualTo(WriteOutcome.Status.UNREACHABLE);
        assertThat(t.requests).noneMatch(r -> r.startsWith("fc16 104"));
        now = now.plusSeconds(1);
        assertThat(device.available()).isTrue();
        t.up = true;
        assertThat(device.write(SETPOINT, 12).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
    }

    @Test
    void aDeviceThatAcceptsOnlyFc16GetsSingleRegistersWrittenWithFc16() {
        device = device(TestProfiles.batteryWithLimit(ModbusOptions.DEFAULT));
        assertThat(device.write(MAX_CHARGE, 20).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
        device = device(TestProfiles.batteryWithLimit(new ModbusOptions(0, true)));
        assertThat(device.write(MAX_CHARGE, 30).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
        assertThat(t.requests).containsExactly("fc6 110+1", "fc16 110+1");
        assertThat(t.holding.get(110)).isEqualTo(30);
    }

    @Test
    void aValueThatDoesNotFitItsRegisterIsRefusedWithoutTouchingTheDevice() {
        device = device(TestProfiles.batteryWithLimit(ModbusOptions.DEFAULT));
        WriteOutcome o = device.write(MAX_CHARGE, 70_000);
        assertThat(o.status()).isEqualTo(WriteOutcome.Status.REFUSED);
        assertThat(o.reason()).contains("does not fit UINT16");
        assertThat(t.requests).isEmpty();
    }

    @Test
    void stalenessFollowsTheDevicesConfiguredPollPeriod() {
        // the fast group is configured at 20 s here: a value is good for two of those polls, not 15 s
        assertThat(device.definitions()).allMatch(d -> d.staleAfter().equals(Duration.ofSeconds(40)));
    }
}
