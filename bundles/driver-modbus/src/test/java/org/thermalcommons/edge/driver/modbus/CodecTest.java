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

    @Property(tries = 300)
    void integersRoundTripInEveryTypeAndWordOrder(@ForAll @LongRange(min = -2_147_483_648L, max = 4_294_967_295L) long v,
                                                  @ForAll DataType type, @ForAll WordOrder order) {
        long lo = switch (type) {
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            default -> 0;
        };
        long hi = switch (type) {
            case BOOL -> 1;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 65535;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 4_294_967_295L;
            case FLOAT32 -> 1 << 24;
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
}
