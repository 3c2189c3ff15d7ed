package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegisterDecoderTest {
    /** Words holding {@code bytes} (big-endian) rearranged so that decoding in {@code order} gives them back. */
    private static int[] words(byte[] be, String order) {
        int n = be.length / 2;
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            boolean swapWords = order.equals("CDAB") || order.equals("DCBA");
            boolean swapBytes = order.equals("BADC") || order.equals("DCBA");
            int src = swapWords ? n - 1 - i : i;
            int hi = be[2 * src] & 0xFF;
            int lo = be[2 * src + 1] & 0xFF;
            w[i] = swapBytes ? (lo << 8) | hi : (hi << 8) | lo;
        }
        return w;
    }

    private static byte[] be(long bits, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            b[i] = (byte) bits;
            bits >>>= 8;
        }
        return b;
    }

    @Test
    void decodesEveryTypeInEveryWordOrder() {
        Object[][] cases = {
                {"int16", be(-1234 & 0xFFFF, 2), -1234.0},
                {"uint16", be(54321, 2), 54321.0},
                {"int32", be(-123456789 & 0xFFFF_FFFFL, 4), -123456789.0},
                {"uint32", be(3_000_000_000L, 4), 3_000_000_000.0},
                {"float32", be(Float.floatToIntBits(-273.15f) & 0xFFFF_FFFFL, 4), (double) -273.15f},
                {"int64", be(-9_000_000_000_000L, 8), -9_000_000_000_000.0},
                {"float64", be(Double.doubleToLongBits(6.02214076e23), 8), 6.02214076e23},
        };
        for (Object[] c : cases) {
            for (String order : RegisterDecoder.ORDERS) {
                int[] w = words((byte[]) c[1], order);
                assertThat(RegisterDecoder.decode(w, 0, (String) c[0], order)).as(c[0] + " " + order).isEqualTo((double) c[2]);
            }
        }
    }

    @Test
    void theSameWordsReadDifferentlyInEachOrder() {
        int[] w = {0x4148, 0x0000}; // 12.5f big-endian
        assertThat(RegisterDecoder.decode(w, 0, "float32", "ABCD")).isEqualTo(12.5);
        assertThat(RegisterDecoder.decode(new int[]{0x0000, 0x4148}, 0, "float32", "CDAB")).isEqualTo(12.5);
        assertThat(RegisterDecoder.decode(new int[]{0x4841, 0x0000}, 0, "float32", "BADC")).isEqualTo(12.5);
        assertThat(RegisterDecoder.decode(new int[]{0x0000, 0x4841}, 0, "float32", "DCBA")).isEqualTo(12.5);
    }

    @Test
    void listsEveryFittingDecodingOfAWindow() {
        var all = RegisterDecoder.all(40000, new int[]{0x4148, 0x0000, 1, 2});
        assertThat(all).anyMatch(d -> d.address() == 40000 && d.type().equals("float32") && d.wordOrder().equals("ABCD") && d.value() == 12.5);
        assertThat(all).anyMatch(d -> d.address() == 40000 && d.type().equals("float64"));
        assertThat(all).noneMatch(d -> d.address() == 40001 && d.type().equals("float64"));
        assertThat(all).noneMatch(d -> d.type().equals("int16") && d.wordOrder().equals("CDAB"));
    }

    @Test
    void refusesAValueRunningPastTheWindowOrAnUnknownOrder() {
        assertThatThrownBy(() -> RegisterDecoder.decode(new int[]{1}, 0, "int32", "ABCD")).hasMessageContaining("runs past");
        assertThatThrownBy(() -> RegisterDecoder.decode(new int[]{1, 2}, 0, "int32", "XYZW")).hasMessageContaining("word order");
    }
}
