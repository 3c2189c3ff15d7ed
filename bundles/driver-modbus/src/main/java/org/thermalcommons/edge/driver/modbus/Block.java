package org.thermalcommons.edge.driver.modbus;

import java.util.List;
import org.thermalcommons.edge.api.profile.ModbusAddress;

/**
 * One read transaction: {@code count} registers (or bits) of {@code table} from {@code start}, carrying the points
 * inside it and the scale-factor registers it also covers.
 */
record Block(ModbusAddress.Table table, int start, int count, List<ModbusPoint> points, List<Integer> scaleFactorRegisters) {
    boolean bits() {
        return table == ModbusAddress.Table.COIL || table == ModbusAddress.Table.DISCRETE_INPUT;
    }
}
