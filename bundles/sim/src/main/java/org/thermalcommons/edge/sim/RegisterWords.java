package org.thermalcommons.edge.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.WordOrder;

/**
 * The simulated devices' side of Modbus register encoding (the device, not the gateway: the driver has its own codec
 * and the two are tested against each other over the wire, which is the point of a simulated device). Values are laid
 * out big-endian in bytes, then the words are reversed and/or their bytes swapped as the word order says.
 */
final class RegisterWords {
    private RegisterWords() {
    }

    static int[] encode(double raw, DataType type, WordOrder order) {
        long v = Math.round(raw);
        ByteBuffer b = ByteBuffer.allocate(type.registers() * 2);
        switch (type) {
            case INT16 -> b.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
            case UINT16 -> b.putShort((short) Math.max(0, Math.min(65_535, v)));
            case BOOL -> b.putShort((short) (raw != 0 ? 1 : 0));
            case INT32 -> b.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
            case UINT32 -> b.putInt((int) Math.max(0, Math.min(4_294_967_295L, v)));
            case FLOAT32 -> b.putFloat((float) raw);
            case INT64 -> b.putLong(v);
            case UINT64 -> b.putLong(new BigDecimal(Math.max(0, raw)).setScale(0, RoundingMode.HALF_UP).longValue());
            case FLOAT64 -> b.putDouble(raw);
        }
        byte[] bytes = b.array();
        int n = type.registers();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int hiByte = bytes[2 * i] & 0xFF;
            int loByte = bytes[2 * i + 1] & 0xFF;
            int word = order.byteSwap() ? (loByte << 8) | hiByte : (hiByte << 8) | loByte;
            out[order.highWordFirst() ? i : n - 1 - i] = word;
        }
        return out;
    }

    static double decode(int[] w, DataType type, WordOrder order) {
        int n = type.registers();
        ByteBuffer b = ByteBuffer.allocate(n * 2);
        for (int i = 0; i < n; i++) {
            int word = w[order.highWordFirst() ? i : n - 1 - i] & 0xFFFF;
            if (order.byteSwap()) {
                word = ((word & 0xFF) << 8) | (word >>> 8);
            }
            b.putShort((short) word);
        }
        b.flip();
        return switch (type) {
            case INT16 -> b.getShort();
            case UINT16, BOOL -> b.getShort() & 0xFFFF;
            case INT32 -> b.getInt();
            case UINT32 -> b.getInt() & 0xFFFF_FFFFL;
            case FLOAT32 -> b.getFloat();
            case INT64 -> b.getLong();
            case UINT64 -> new BigDecimal(Long.toUnsignedString(b.getLong())).doubleValue();
            case FLOAT64 -> b.getDouble();
        };
    }
}
