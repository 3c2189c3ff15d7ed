package org.thermalcommons.edge.sim;

import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;

/**
 * The simulated devices' side of Modbus register encoding (the device, not the gateway: the driver has its own codec
 * and the two are tested against each other over the wire, which is the point of a simulated device).
 */
final class RegisterWords {
    private RegisterWords() {
    }

    static int[] encode(double raw, DataType type, WordOrder order) {
        long v = Math.round(raw);
        int bits = switch (type) {
            case INT16 -> (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            case UINT16 -> (int) Math.max(0, Math.min(65_535, v));
            case INT32 -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
            case UINT32 -> (int) Math.max(0, Math.min(4_294_967_295L, v));
            case FLOAT32 -> Float.floatToIntBits((float) raw);
            case BOOL -> raw != 0 ? 1 : 0;
        };
        if (type.registers() == 1) {
            return new int[] {bits & 0xFFFF};
        }
        int hi = (bits >>> 16) & 0xFFFF;
        int lo = bits & 0xFFFF;
        return order == WordOrder.BIG_ENDIAN ? new int[] {hi, lo} : new int[] {lo, hi};
    }

    static double decode(int[] w, DataType type, WordOrder order) {
        if (type.registers() == 1) {
            return type == DataType.INT16 ? (short) w[0] : w[0] & 0xFFFF;
        }
        int hi = order == WordOrder.BIG_ENDIAN ? w[0] : w[1];
        int lo = order == WordOrder.BIG_ENDIAN ? w[1] : w[0];
        int bits = (hi << 16) | (lo & 0xFFFF);
        return switch (type) {
            case INT32 -> bits;
            case UINT32 -> Integer.toUnsignedLong(bits);
            default -> Float.intBitsToFloat(bits);
        };
    }
}
