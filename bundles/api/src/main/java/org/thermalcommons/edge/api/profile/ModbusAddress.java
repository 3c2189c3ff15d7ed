package org.thermalcommons.edge.api.profile;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A Modbus register (or coil) and how to decode it: {@code engineering = raw * scale * 10^sf + offset}, where
 * {@code sf} is read from {@code scaleFactorRegister} (SunSpec style, int16) when one is given, else 0.
 *
 * @param table               which table
 * @param address             0-based register or coil address
 * @param type                data type (32-bit types take two registers, 64-bit types four)
 * @param wordOrder           order of the 16-bit words of a multi-register type, and whether the two bytes of each word
 *                            are swapped (also for 16-bit types)
 * @param scale               fixed scale factor
 * @param offset              fixed offset added after scaling
 * @param scaleFactorRegister holding register with a SunSpec int16 power-of-ten scale factor, if any
 */
public record ModbusAddress(Table table, int address, DataType type, WordOrder wordOrder, double scale, double offset,
                            OptionalInt scaleFactorRegister) implements PointAddress {
    public enum Table { HOLDING_REGISTER, INPUT_REGISTER, COIL, DISCRETE_INPUT }

    public enum DataType {
        BOOL(1), INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2), INT64(4), UINT64(4), FLOAT64(4);

        private final int registers;

        DataType(int registers) {
            this.registers = registers;
        }

        public int registers() {
            return registers;
        }
    }

    /**
     * Word and byte order of a value, named by the bytes of a 32-bit value {@code 0xAABBCCDD} as they appear on the
     * wire: {@code BIG_ENDIAN} ABCD (high word first, Modbus convention), {@code LITTLE_ENDIAN} CDAB (low word first),
     * {@code BIG_ENDIAN_BYTE_SWAP} BADC (high word first, bytes of each word swapped), {@code LITTLE_ENDIAN_BYTE_SWAP}
     * DCBA. 64-bit values extend the same rule to four words.
     */
    public enum WordOrder {
        BIG_ENDIAN(true, false), LITTLE_ENDIAN(false, false), BIG_ENDIAN_BYTE_SWAP(true, true), LITTLE_ENDIAN_BYTE_SWAP(false, true);

        private final boolean highWordFirst;
        private final boolean byteSwap;

        WordOrder(boolean highWordFirst, boolean byteSwap) {
            this.highWordFirst = highWordFirst;
            this.byteSwap = byteSwap;
        }

        /** Whether the most significant word comes first. */
        public boolean highWordFirst() {
            return highWordFirst;
        }

        /** Whether the two bytes of every word are swapped. */
        public boolean byteSwap() {
            return byteSwap;
        }
    }

    public ModbusAddress {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(wordOrder, "wordOrder");
        if (scaleFactorRegister == null) {
            scaleFactorRegister = OptionalInt.empty();
        }
        if (address < 0 || address > 65_535) {
            throw new IllegalArgumentException("Modbus address must be 0..65535, was " + address);
        }
        if (scale == 0 || Double.isNaN(scale) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("Modbus scale must be finite and non-zero, was " + scale);
        }
        boolean bitTable = table == Table.COIL || table == Table.DISCRETE_INPUT;
        if (bitTable != (type == DataType.BOOL)) {
            throw new IllegalArgumentException("Modbus " + table + " requires type " + (bitTable ? "BOOL" : "a register type, not BOOL"));
        }
    }
}
