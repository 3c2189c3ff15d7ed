package org.thermalcommons.edge.driver.modbus;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.profile.ModbusAddress;

/**
 * Turns one block's answer into point values: SunSpec scale factors first (remembered for writes), then every point
 * decoded, scaled and checked. Used by the device thread only.
 */
final class BlockDecoder {
    private final DeviceValues values;
    private final Map<Integer, Integer> scaleFactors = new HashMap<>();

    BlockDecoder(DeviceValues values) {
        this.values = values;
    }

    void bits(Block b, boolean[] bits, Instant now) {
        for (ModbusPoint p : b.points()) {
            values.accept(p, bits[p.first() - b.start()] ? 1 : 0, now);
        }
    }

    void registers(Block b, int[] words, Instant now) {
        for (int sf : b.scaleFactorRegisters()) {
            scaleFactors.put(sf, (int) (short) words[sf - b.start()]);
        }
        for (ModbusPoint p : b.points()) {
            ModbusAddress a = p.address();
            double raw = Codec.decode(words, p.first() - b.start(), a.type(), a.wordOrder());
            Integer sf = a.scaleFactorRegister().isPresent() ? scaleFactors.get(a.scaleFactorRegister().getAsInt()) : Integer.valueOf(0);
            if (sf == null || sf < -10 || sf > 10) {
                values.invalid(p, "scale factor register " + a.scaleFactorRegister().getAsInt() + " holds " + sf + " (must be -10..10)", now);
                continue;
            }
            values.accept(p, Codec.toEngineering(raw, a, sf), now);
        }
    }

    /** The scale factor a write to this address uses: 0 without a register, empty when the register was not read yet. */
    OptionalInt scaleFactor(ModbusAddress a) {
        if (a.scaleFactorRegister().isEmpty()) {
            return OptionalInt.of(0);
        }
        Integer known = scaleFactors.get(a.scaleFactorRegister().getAsInt());
        return known == null || known < -10 || known > 10 ? OptionalInt.empty() : OptionalInt.of(known);
    }
}
