package org.thermalcommons.edge.api.profile;

/**
 * What a Modbus profile says about the device as a whole.
 *
 * @param maxGap   how many unmapped registers one read may span to merge two blocks (0: the device's register map has
 *                 holes that must never be read, which is the default; a device that answers every register in a range
 *                 may allow more, up to 100)
 * @param fc16Only the device accepts only Write Multiple Registers (function 16): single registers are written with
 *                 FC16 instead of FC6
 */
public record ModbusOptions(int maxGap, boolean fc16Only) {
    /** No holes read, FC6 for single registers. */
    public static final ModbusOptions DEFAULT = new ModbusOptions(0, false);

    public ModbusOptions {
        if (maxGap < 0 || maxGap > 100) {
            throw new IllegalArgumentException("Modbus maxGap must be 0..100, was " + maxGap);
        }
    }
}
