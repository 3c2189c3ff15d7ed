package org.thermalcommons.edge.driver.modbus;

import java.util.List;
import org.thermalcommons.edge.api.profile.ModbusAddress;

/**
 * One read transaction: {@code count} registers (or bits) of {@code table} from {@code start}, carrying the points
 * inside it and the scale-factor registers it also covers.
 */
record Block(ModbusAddress.Table table, int start, int count, List<ModbusPoint> points, List<Integer> scaleFactorRegisters) {
    /** E.g. "holding 100+6", as logs and fault reasons name the block. */
    String describe() {
        String t = switch (table) {
            case HOLDING_REGISTER -> "holding";
            case INPUT_REGISTER -> "input";
            case COIL -> "coils";
            case DISCRETE_INPUT -> "discrete inputs";
        };
        return t + " " + start + "+" + count;
    }

    boolean bits() {
        return table == ModbusAddress.Table.COIL || table == ModbusAddress.Table.DISCRETE_INPUT;
    }
}
