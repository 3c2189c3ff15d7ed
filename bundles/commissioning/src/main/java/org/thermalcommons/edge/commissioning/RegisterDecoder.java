package org.thermalcommons.edge.commissioning;

import java.util.ArrayList;
import java.util.List;
import org.thermalcommons.edge.api.commissioning.RegisterDecoding;

/**
 * Decodes a window of 16-bit registers in every type and word order, to help an installer guess a register layout.
 * Byte letters: A is the high byte of the first register, B its low byte, C and D those of the second (and so on
 * for 64-bit values): ABCD is big-endian, CDAB swaps words, BADC swaps bytes inside each word, DCBA reverses all.
 */
final class RegisterDecoder {
    static final List<String> TYPES = List.of("int16", "uint16", "int32", "uint32", "float32", "int64", "float64");
    static final List<String> ORDERS = List.of("ABCD", "CDAB", "BADC", "DCBA");

    private RegisterDecoder() {
    }

    static int registers(String type) {
        return switch (type) {
            case "int16", "uint16" -> 1;
            case "int32", "uint32", "float32" -> 2;
            case "int64", "float64" -> 4;
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    /** The bytes of {@code n} words from {@code at}, in big-endian order after applying {@code order}. */
    static byte[] ordered(int[] words, int at, int n, String order) {
        byte[] raw = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            raw[2 * i] = (byte) (words[at + i] >>> 8);
            raw[2 * i + 1] = (byte) words[at + i];
        }
        byte[] out = new byte[raw.length];
        for (int i = 0; i < n; i++) {
            boolean swapWords = order.equals("CDAB") || order.equals("DCBA");
            boolean swapBytes = order.equals("BADC") || order.equals("DCBA");
            int src = swapWords ? n - 1 - i : i;
            out[2 * i] = raw[2 * src + (swapBytes ? 1 : 0)];
            out[2 * i + 1] = raw[2 * src + (swapBytes ? 0 : 1)];
        }
        return out;
    }

    /** One value. */
    static double decode(int[] words, int at, String type, String order) {
        int n = registers(type);
        if (!ORDERS.contains(order)) {
            throw new IllegalArgumentException("unknown word order " + order);
        }
        if (at < 0 || at + n > words.length) {
            throw new IllegalArgumentException(type + " at " + at + " runs past the window of " + words.length);
        }
        byte[] b = ordered(words, at, n, order);
        long bits = 0;
        for (byte x : b) {
            bits = (bits << 8) | (x & 0xFF);
        }
        return switch (type) {
            case "int16" -> (short) bits;
            case "uint16" -> bits & 0xFFFF;
            case "int32" -> (int) bits;
            case "uint32" -> bits & 0xFFFF_FFFFL;
            case "float32" -> Float.intBitsToFloat((int) bits);
            case "int64" -> bits;
            case "float64" -> Double.longBitsToDouble(bits);
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    /** Every start, type and order that fits; 16-bit types once (order only swaps bytes: ABCD and BADC). */
    static List<RegisterDecoding> all(int start, int[] words) {
        List<RegisterDecoding> out = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            for (String type : TYPES) {
                if (i + registers(type) > words.length) {
                    continue;
                }
                for (String order : ORDERS) {
                    if (registers(type) == 1 && (order.equals("CDAB") || order.equals("DCBA"))) {
                        continue;
                    }
                    double v = decode(words, i, type, order);
                    if (Double.isFinite(v)) {
                        out.add(new RegisterDecoding(start + i, type, order, v));
                    }
                }
            }
        }
        return out;
    }
}
