package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.commissioning.ModbusFinding;

class JournalTest {
    static ModbusFinding unit(int port, int unit, int firstRegister) {
        return new ModbusFinding("127.0.0.1", port, unit, OptionalInt.empty(), List.of(), List.of(firstRegister), 0);
    }

    @Test
    void everyUnitFoundByOneProbeAfterAnotherStaysForTheReportWithItsNewestFinding() {
        Journal j = new Journal();
        j.modbus(List.of(unit(15020, 1, 7)));
        j.modbus(List.of(unit(15021, 1, 8)));
        j.modbus(List.of(unit(15020, 1, 9), unit(15022, 1, 10)));
        assertThat(j.modbus()).extracting(f -> f.port() + "/" + f.firstRegisters().get(0))
                .containsExactly("15021/8", "15020/9", "15022/10");
    }

    @Test
    void theSessionKeepsAtMostItsBoundOfUnitsDroppingTheOldest() {
        Journal j = new Journal();
        for (int u = 0; u < Journal.MAX_MODBUS_UNITS + 5; u++) {
            j.modbus(List.of(unit(20000 + u, 1, u)));
        }
        assertThat(j.modbus()).hasSize(Journal.MAX_MODBUS_UNITS);
        assertThat(j.modbus().get(0).port()).isEqualTo(20005);
    }
}
