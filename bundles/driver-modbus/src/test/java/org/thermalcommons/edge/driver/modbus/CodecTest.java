package org.thermalcommons.edge.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;

class CodecTest {
    @Test
    void knownWordPatternsDecode() {
        assertThat(Codec.decode(new int[] {0xFFFF}, 0, DataType.INT16, WordOrder.BIG_ENDIAN)).isEqualTo(-1);
        assertThat(Codec.decode(new int[] {0xFFFF}, 0, DataType.UINT16, WordOrder.BIG_ENDIAN)).isEqualTo(65535);
        assertThat(Codec.decode(new int[] {0x3F80, 0x0000}, 0, DataType.FLOAT32, WordOrder.BIG_ENDIAN)).isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0x0000, 0x3F80}, 0, DataType.FLOAT32, WordOrder.LITTLE_ENDIAN)).isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0xFFFF, 0xFFFE}, 0, DataType.INT32, WordOrder.BIG_ENDIAN)).isEqualTo(-2);
        assertThat(Codec.decode(new int[] {0xFFFE, 0xFFFF}, 0, DataType.INT32, WordOrder.LITTLE_ENDIAN)).isEqualTo(-2);
        assertThat(Codec.decode(new int[] {0xFFFF, 0xFFFF}, 0, DataType.UINT32, WordOrder.BIG_ENDIAN)).isEqualTo(4_294_967_295.0);
        assertThat(Codec.decode(new int[] {0x0001, 0x0002}, 0, DataType.UINT32, WordOrder.BIG_ENDIAN)).isEqualTo(65538);
        assertThat(Codec.decode(new int[] {0x0001, 0x0002}, 0, DataType.UINT32, WordOrder.LITTLE_ENDIAN)).isEqualTo(2 * 65536 + 1);
    }

    /** 0x11223344 (and 0x0011223344556677) as each order puts it on the wire, and back. */
    @Test
    void everyWordOrderLaysOutTheBytesAsNamed() {
        int v32 = 0x11223344;
        assertThat(Codec.encode(v32, DataType.UINT32, WordOrder.BIG_ENDIAN)).containsExactly(0x1122, 0x3344);
        assertThat(Codec.encode(v32, DataType.UINT32, WordOrder.LITTLE_ENDIAN)).containsExactly(0x3344, 0x1122);
        assertThat(Codec.encode(v32, DataType.UINT32, WordOrder.BIG_ENDIAN_BYTE_SWAP)).containsExactly(0x2211, 0x4433);
        assertThat(Codec.encode(v32, DataType.UINT32, WordOrder.LITTLE_ENDIAN_BYTE_SWAP)).containsExactly(0x4433, 0x2211);
        long v64 = 0x0011223344556677L; // below 2^53: exact as a double
        assertThat(Codec.encode(v64, DataType.INT64, WordOrder.BIG_ENDIAN)).containsExactly(0x0011, 0x2233, 0x4455, 0x6677);
        assertThat(Codec.encode(v64, DataType.INT64, WordOrder.LITTLE_ENDIAN)).containsExactly(0x6677, 0x4455, 0x2233, 0x0011);
        assertThat(Codec.encode(v64, DataType.INT64, WordOrder.BIG_ENDIAN_BYTE_SWAP)).containsExactly(0x1100, 0x3322, 0x5544, 0x7766);
        assertThat(Codec.encode(v64, DataType.INT64, WordOrder.LITTLE_ENDIAN_BYTE_SWAP)).containsExactly(0x7766, 0x5544, 0x3322, 0x1100);
        for (WordOrder o : WordOrder.values()) {
            assertThat(Codec.decode(Codec.encode(v32, DataType.UINT32, o), 0, DataType.UINT32, o)).isEqualTo(v32);
            assertThat(Codec.decode(Codec.encode(v64, DataType.INT64, o), 0, DataType.INT64, o)).isEqualTo((double) v64);
        }
        assertThat(Codec.encode(0x1234, DataType.UINT16, WordOrder.BIG_ENDIAN_BYTE_SWAP)).containsExactly(0x3412);
        assertThat(Codec.decode(new int[] {0x0080}, 0, DataType.INT16, WordOrder.LITTLE_ENDIAN_BYTE_SWAP)).isEqualTo(-32768);
    }

    @Test
    void sixtyFourBitTypesDecodeKnownPatterns() {
        assertThat(Codec.decode(new int[] {0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE}, 0, DataType.INT64, WordOrder.BIG_ENDIAN)).isEqualTo(-2);
        assertThat(Codec.decode(new int[] {0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF}, 0, DataType.UINT64, WordOrder.BIG_ENDIAN))
                .isEqualTo(1.8446744073709552E19);
        assertThat(Codec.decode(new int[] {0x3FF0, 0, 0, 0}, 0, DataType.FLOAT64, WordOrder.BIG_ENDIAN)).isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0, 0, 0, 0x3FF0}, 0, DataType.FLOAT64, WordOrder.LITTLE_ENDIAN)).isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0xF03F, 0, 0, 0}, 0, DataType.FLOAT64, WordOrder.BIG_ENDIAN_BYTE_SWAP)).isEqualTo(1.0);
        assertThat(Codec.decode(new int[] {0, 0, 0, 0xF03F}, 0, DataType.FLOAT64, WordOrder.LITTLE_ENDIAN_BYTE_SWAP)).isEqualTo(1.0);
        // energy counters beyond 32 bits: 2^40 Wh
        assertThat(Codec.decode(new int[] {0, 0x0100, 0, 0}, 0, DataType.UINT64, WordOrder.BIG_ENDIAN)).isEqualTo(Math.pow(2, 40));
    }

    @Property(tries = 400)
    void sixtyFourBitIntegersRoundTripInEveryWordOrder(@ForAll @LongRange(min = -(1L << 53), max = 1L << 53) long v,
                                                       @ForAll WordOrder order) {
        assertThat(Codec.decode(Codec.encode(v, DataType.INT64, order), 0, DataType.INT64, order)).isEqualTo((double) v);
        long u = Math.abs(v);
        assertThat(Codec.decode(Codec.encode(u, DataType.UINT64, order), 0, DataType.UINT64, order)).isEqualTo((double) u);
    }

    @Property(tries = 400)
    void floatsRoundTripBitExactInEveryWordOrder(@ForAll double d, @ForAll float f, @ForAll WordOrder order) {
        assertThat(Double.doubleToRawLongBits(Codec.decode(Codec.encode(d, DataType.FLOAT64, order), 0, DataType.FLOAT64, order)))
                .isEqualTo(Double.doubleToRawLongBits(d));
        assertThat(Codec.decode(Codec.encode(f, DataType.FLOAT32, order), 0, DataType.FLOAT32, order)).isEqualTo((double) f);
    }

    @Property(tries = 300)
    void integersRoundTripInEveryTypeAndWordOrder(@ForAll @LongRange(min = -2_147_483_648L, max = 4_294_967_295L) long v,
                                                  @ForAll DataType type, @ForAll WordOrder order) {
        long lo = switch (type) {
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64, FLOAT64 -> Long.MIN_VALUE;
            default -> 0;
        };
        long hi = switch (type) {
            case BOOL -> 1;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 65535;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 4_294_967_295L;
            case FLOAT32 -> 1 << 24;
            case INT64, UINT64, FLOAT64 -> Long.MAX_VALUE;
        };
        long x = Math.max(lo, Math.min(hi, v));
        int[] words = Codec.encode(x, type, order);
        assertThat(words).hasSize(type.registers());
        assertThat(java.util.Arrays.stream(words).allMatch(w -> w >= 0 && w <= 0xFFFF)).isTrue();
        assertThat(Codec.decode(words, 0, type, order)).isEqualTo((double) x);
    }

    @Test
    void valuesThatDoNotFitAreRefused() {
        assertThatThrownBy(() -> Codec.encode(70000, DataType.UINT16, WordOrder.BIG_ENDIAN)).hasMessageContaining("does not fit UINT16");
        assertThatThrownBy(() -> Codec.encode(-1, DataType.UINT32, WordOrder.BIG_ENDIAN)).hasMessageContaining("does not fit UINT32");
        assertThatThrownBy(() -> Codec.encode(40000, DataType.INT16, WordOrder.BIG_ENDIAN)).hasMessageContaining("INT16");
        assertThatThrownBy(() -> Codec.encode(-1, DataType.UINT64, WordOrder.BIG_ENDIAN)).hasMessageContaining("does not fit UINT64");
        assertThatThrownBy(() -> Codec.encode(1e19, DataType.INT64, WordOrder.BIG_ENDIAN)).hasMessageContaining("does not fit INT64");
        assertThatThrownBy(() -> Codec.encode(Double.NaN, DataType.INT32, WordOrder.BIG_ENDIAN)).hasMessageContaining("cannot be encoded");
    }

    @Property(tries = 100)
    void scalingWithSunSpecScaleFactorsInverts(@ForAll @IntRange(min = -32768, max = 32767) int raw,
                                               @ForAll @IntRange(min = -4, max = 4) int sf) {
        ModbusAddress a = new ModbusAddress(ModbusAddress.Table.HOLDING_REGISTER, 0, DataType.INT16, WordOrder.BIG_ENDIAN, 0.5, 3,
                OptionalInt.of(1));
        double eng = Codec.toEngineering(raw, a, sf);
        assertThat(eng).isCloseTo(raw * 0.5 * Math.pow(10, sf) + 3, within(1e-9));
        assertThat(Codec.toRaw(eng, a, sf)).isCloseTo(raw, within(1e-6));
    }

    /** SunSpec: W = 1234, W_SF = -2 gives 12.34 (scale 1 here, the sign and power from the int16 register). */
    @Test
    void sunSpecScaleFactorRegisterDecodesKnownValues() {
        ModbusAddress w = new ModbusAddress(ModbusAddress.Table.HOLDING_REGISTER, 40083, DataType.INT16, WordOrder.BIG_ENDIAN, 1, 0,
                OptionalInt.of(40084));
        int sf = (short) 0xFFFE;
        assertThat(Codec.toEngineering(Codec.decode(new int[] {1234}, 0, DataType.INT16, WordOrder.BIG_ENDIAN), w, sf))
                .isCloseTo(12.34, within(1e-12));
        assertThat(Codec.toEngineering(Codec.decode(new int[] {0xFB2E}, 0, DataType.INT16, WordOrder.BIG_ENDIAN), w, 3))
                .isEqualTo(-1_234_000.0);
        assertThat(Codec.encode(Codec.toRaw(12.34, w, sf), DataType.INT16, WordOrder.BIG_ENDIAN)).containsExactly(1234);
    }
}
