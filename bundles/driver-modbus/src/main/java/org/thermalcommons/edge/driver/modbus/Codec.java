package org.thermalcommons.edge.driver.modbus;

import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;

/**
 * Register encoding: 16-bit words (as unsigned ints 0..65535) to raw numbers and back, for every data type and word
 * order, and the engineering scaling {@code value = raw × scale × 10^sf + offset}.
 */
final class Codec {
    private Codec() {
    }

    /** Raw number from {@code words} starting at {@code at}. */
    static double decode(int[] words, int at, DataType type, WordOrder order) {
        switch (type) {
            case BOOL:
            case UINT16:
                return words[at] & 0xFFFF;
            case INT16:
                return (short) words[at];
            default:
                break;
        }
        int hi = order == WordOrder.BIG_ENDIAN ? words[at] : words[at + 1];
        int lo = order == WordOrder.BIG_ENDIAN ? words[at + 1] : words[at];
        int bits = ((hi & 0xFFFF) << 16) | (lo & 0xFFFF);
        return switch (type) {
            case INT32 -> bits;
            case UINT32 -> Integer.toUnsignedLong(bits);
            case FLOAT32 -> Float.intBitsToFloat(bits);
            default -> throw new IllegalStateException(type.name());
        };
    }

    /** Words for a raw number; integer types are rounded and must fit the type. */
    static int[] encode(double raw, DataType type, WordOrder order) {
        long v = Math.round(raw);
        int bits;
        switch (type) {
            case BOOL -> {
                return new int[] {raw != 0 ? 1 : 0};
            }
            case UINT16 -> {
                check(v, 0, 65_535, type);
                return new int[] {(int) v};
            }
            case INT16 -> {
                check(v, Short.MIN_VALUE, Short.MAX_VALUE, type);
                return new int[] {(int) v & 0xFFFF};
            }
            case INT32 -> {
                check(v, Integer.MIN_VALUE, Integer.MAX_VALUE, type);
                bits = (int) v;
            }
            case UINT32 -> {
                check(v, 0, 4_294_967_295L, type);
                bits = (int) v;
            }
            case FLOAT32 -> bits = Float.floatToIntBits((float) raw);
            default -> throw new IllegalStateException(type.name());
        }
        int hi = (bits >>> 16) & 0xFFFF;
        int lo = bits & 0xFFFF;
        return order == WordOrder.BIG_ENDIAN ? new int[] {hi, lo} : new int[] {lo, hi};
    }

    private static void check(long v, long min, long max, DataType type) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("value " + v + " does not fit " + type + " (" + min + ".." + max + ")");
        }
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
