package org.thermalcommons.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;

/** The simulated devices lay values out in every word order and type the profiles allow, as the orders are named. */
class RegisterWordsTest {
    @Test
    void everyWordOrderPutsTheBytesWhereItsNameSays() {
        double v = 0x11223344L;
        assertThat(RegisterWords.encode(v, DataType.UINT32, WordOrder.BIG_ENDIAN)).containsExactly(0x1122, 0x3344);
        assertThat(RegisterWords.encode(v, DataType.UINT32, WordOrder.LITTLE_ENDIAN)).containsExactly(0x3344, 0x1122);
        assertThat(RegisterWords.encode(v, DataType.UINT32, WordOrder.BIG_ENDIAN_BYTE_SWAP)).containsExactly(0x2211, 0x4433);
        assertThat(RegisterWords.encode(v, DataType.UINT32, WordOrder.LITTLE_ENDIAN_BYTE_SWAP)).containsExactly(0x4433, 0x2211);
        assertThat(RegisterWords.encode(1.0, DataType.FLOAT64, WordOrder.BIG_ENDIAN)).containsExactly(0x3FF0, 0, 0, 0);
        assertThat(RegisterWords.encode(1.0, DataType.FLOAT64, WordOrder.LITTLE_ENDIAN_BYTE_SWAP)).containsExactly(0, 0, 0, 0xF03F);
    }

    @Test
    void valuesRoundTripInEveryTypeAndOrder() {
        for (WordOrder o : WordOrder.values()) {
            assertThat(RegisterWords.decode(RegisterWords.encode(-1234, DataType.INT16, o), DataType.INT16, o)).isEqualTo(-1234);
            assertThat(RegisterWords.decode(RegisterWords.encode(-123456, DataType.INT32, o), DataType.INT32, o)).isEqualTo(-123456);
            assertThat(RegisterWords.decode(RegisterWords.encode(123.5, DataType.FLOAT32, o), DataType.FLOAT32, o)).isEqualTo(123.5);
            assertThat(RegisterWords.decode(RegisterWords.encode(-(1L << 40), DataType.INT64, o), DataType.INT64, o))
                    .isEqualTo(-(double) (1L << 40));
            assertThat(RegisterWords.decode(RegisterWords.encode(1e15, DataType.UINT64, o), DataType.UINT64, o)).isEqualTo(1e15);
            assertThat(RegisterWords.decode(RegisterWords.encode(-2.5e-7, DataType.FLOAT64, o), DataType.FLOAT64, o)).isEqualTo(-2.5e-7);
        }
    }
}
