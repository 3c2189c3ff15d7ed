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
import org.thermalcommons.edge.api.profile.PollGroup;

/** The device logic against an in-memory register map: decoding, validation, back-off, fault and recovery, writes. */
class ModbusDeviceTest {
    static final class FakeTransport implements ModbusTransport {
        final Map<Integer, Integer> holding = new HashMap<>();
        final Map<Integer, Integer> input = new HashMap<>();
        final Map<Integer, Boolean> coils = new HashMap<>();
        boolean up = true;
        boolean connected;
        int connects;

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
        public int[] readHolding(int unit, int start, int count) throws IOException {
            check();
            int[] w = new int[count];
            for (int i = 0; i < count; i++) {
                w[i] = holding.getOrDefault(start + i, 0);
            }
            return w;
        }

        @Override
        public int[] readInput(int unit, int start, int count) throws IOException {
            check();
            int[] w = new int[count];
            for (int i = 0; i < count; i++) {
                w[i] = input.getOrDefault(start + i, 0);
            }
            return w;
        }

        @Override
        public boolean[] readCoils(int unit, int start, int count) throws IOException {
            check();
            boolean[] b = new boolean[count];
            for (int i = 0; i < count; i++) {
                b[i] = coils.getOrDefault(start + i, false);
            }
            return b;
        }

        @Override
        public boolean[] readDiscreteInputs(int unit, int start, int count) throws IOException {
            return readCoils(unit, start, count);
        }

        @Override
        public void writeRegisters(int unit, int start, int[] words) throws IOException {
            check();
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
            connected = false;
        }
    }

    final FakeTransport t = new FakeTransport();
    Instant now = Instant.parse("2026-03-02T00:00:00Z");
    ModbusDevice device;
    static final PointId SOC = PointId.parse("bat/soc");
    static final PointId POWER = PointId.parse("bat/power");
    static final PointId SETPOINT = PointId.parse("bat/power-setpoint");
    static final PointId METER = PointId.parse("bat/meter");

    @BeforeEach
    void setUp() {
        device = new ModbusDevice(new ModbusDevice.Settings("bat", 1, 4, 0, Duration.ofSeconds(15), Duration.ofSeconds(1),
                Duration.ofSeconds(8), 3), TestProfiles.battery(), t, () -> now, () -> now.toEpochMilli(), ms -> { });
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
        assertThat(device.transactions.get()).isEqualTo(3);
    }

    @Test
    void implausibleAnswersAreRejectedAsFaultAndCounted() {
        t.holding.put(100, 2000); // 200 % SOC
        device.poll(PollGroup.FAST);
        assertThat(device.values().get(SOC).quality()).isEqualTo(Quality.FAULT);
        assertThat(device.invalidResponses.get()).isEqualTo(1);
        t.holding.put(101, 40); // scale factor 10^40
        device.poll(PollGroup.FAST);
        assertThat(device.invalidResponses.get()).isEqualTo(2);
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
        assertThat(device.rejectedWrites.get()).isEqualTo(1);
    }
}
