package org.thermalcommons.edge.api.commissioning;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A Modbus unit that answered a probe.
 *
 * @param host         its address
 * @param port         TCP port
 * @param unit         unit id
 * @param sunspecBase  where the SunSpec header ('SunS') starts (40000, 50000 or 0), if present
 * @param sunspecModels SunSpec model ids found after the header, in order (bounded)
 * @param firstRegisters the first holding registers read (at 0, or after the SunSpec header)
 * @param registersAt  the address of {@code firstRegisters[0]}
 */
public record ModbusFinding(String host, int port, int unit, OptionalInt sunspecBase, List<Integer> sunspecModels,
                            List<Integer> firstRegisters, int registersAt) {
    public ModbusFinding {
        Objects.requireNonNull(host, "host");
        sunspecBase = sunspecBase == null ? OptionalInt.empty() : sunspecBase;
        sunspecModels = List.copyOf(sunspecModels);
        firstRegisters = List.copyOf(firstRegisters);
    }
}
