package org.thermalcommons.edge.driver.modbus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;

/**
 * Register encoding: 16-bit words (as unsigned ints 0..65535) to raw numbers and back, for every data type and word
 * order (ABCD, CDAB, BADC, DCBA and their 64-bit extensions), and the engineering scaling
 * {@code value = raw × scale × 10^sf + offset}. 64-bit integers are carried as doubles: exact up to 2^53.
 */
final class Codec {
    private static final double TWO_63 = 9.223372036854775808E18;
    private static final double TWO_64 = 1.8446744073709551616E19;

    private Codec() {
    }

    private static int swap(int word) {
        return ((word & 0xFF) << 8) | ((word >>> 8) & 0xFF);
    }

    /** The value's bits, most significant word first, from {@code n} words at {@code at} in the given order. */
    static long bits(int[] words, int at, int n, WordOrder order) {
        long bits = 0;
        for (int i = 0; i < n; i++) {
            int w = words[at + (order.highWordFirst() ? i : n - 1 - i)] & 0xFFFF;
            bits = (bits << 16) | (order.byteSwap() ? swap(w) : w);
        }
        return bits;
    }

    /** Raw number from {@code words} starting at {@code at}. */
    static double decode(int[] words, int at, DataType type, WordOrder order) {
        if (type == DataType.BOOL) {
            return words[at] != 0 ? 1 : 0;
        }
        long bits = bits(words, at, type.registers(), order);
        return switch (type) {
            case UINT16, UINT32 -> bits;
            case BOOL -> throw new IllegalStateException();
            case INT16 -> (short) bits;
            case INT32 -> (int) bits;
            case FLOAT32 -> Float.intBitsToFloat((int) bits);
            case INT64 -> bits;
            case UINT64 -> bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
            case FLOAT64 -> Double.longBitsToDouble(bits);
        };
    }

    /** Words for a raw number; integer types are rounded and must fit the type. */
    static int[] encode(double raw, DataType type, WordOrder order) {
        if (type == DataType.BOOL) {
            return new int[] {raw != 0 ? 1 : 0};
        }
        if (Double.isNaN(raw) || (Double.isInfinite(raw) && type != DataType.FLOAT32 && type != DataType.FLOAT64)) {
            throw new IllegalArgumentException("value " + raw + " cannot be encoded as " + type);
        }
        long bits = switch (type) {
            case UINT16 -> check(raw, 0, 65_535, type);
            case INT16 -> check(raw, Short.MIN_VALUE, Short.MAX_VALUE, type);
            case INT32 -> check(raw, Integer.MIN_VALUE, Integer.MAX_VALUE, type);
            case UINT32 -> check(raw, 0, 4_294_967_295L, type);
            case FLOAT32 -> Float.floatToIntBits((float) raw) & 0xFFFF_FFFFL;
            case INT64 -> {
                if (raw < -TWO_63 || raw >= TWO_63) {
                    throw new IllegalArgumentException("value " + raw + " does not fit INT64");
                }
                yield Math.round(raw);
            }
            case UINT64 -> {
                if (raw <= -0.5 || raw >= TWO_64) {
                    throw new IllegalArgumentException("value " + raw + " does not fit UINT64 (0..2^64-1)");
                }
                yield new BigDecimal(raw).setScale(0, RoundingMode.HALF_UP).longValue();
            }
            case FLOAT64 -> Double.doubleToLongBits(raw);
            case BOOL -> throw new IllegalStateException();
        };
        int n = type.registers();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int w = (int) (bits >>> (16 * (n - 1 - i))) & 0xFFFF;
            out[order.highWordFirst() ? i : n - 1 - i] = order.byteSwap() ? swap(w) : w;
        }
        return out;
    }

    private static long check(double raw, long min, long max, DataType type) {
        long v = Math.round(raw);
        if (v < min || v > max) {
            throw new IllegalArgumentException("value " + v + " does not fit " + type + " (" + min + ".." + max + ")");
        }
        return v;
    }

    static double scale(ModbusAddress a, int scaleFactor) {
        return a.scale() * Math.pow(10, scaleFactor);
    }

    static double toEngineering(double raw, ModbusAddress a, int scaleFactor) {
        return raw * scale(a, scaleFactor) + a.offset();
    }

    static double toRaw(double value, ModbusAddress a, int scaleFactor) {
        return (value - a.offset()) / scale(a, scaleFactor);
    }
}
