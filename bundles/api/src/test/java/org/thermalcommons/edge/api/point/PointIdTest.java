package org.thermalcommons.edge.api.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PointIdTest {
    @Test
    void parsesAndPrintsDeviceSlashName() {
        PointId id = PointId.parse("zone-1/temp");
        assertThat(id.device()).isEqualTo("zone-1");
        assertThat(id.name()).isEqualTo("temp");
        assertThat(id).hasToString("zone-1/temp");
    }

    @Test
    void rejectsMalformedIdsNamingTheRule() {
        assertThatThrownBy(() -> PointId.parse("no-slash")).hasMessageContaining("device/name");
        assertThatThrownBy(() -> PointId.parse("a/b/c")).hasMessageContaining("device/name");
        assertThatThrownBy(() -> PointId.of("bad device", "x")).hasMessageContaining("[A-Za-z0-9_.-]");
    }

    @Test
    void limitsClampToRangeAndRate() {
        Limits l = Limits.of(20, 28).withMaxRatePerSecond(0.5);
        assertThat(l.clamp(35)).isEqualTo(28);
        assertThat(l.clamp(27, 24, 2)).isEqualTo(25);
        assertThat(l.clamp(10, 24, 100)).isEqualTo(20);
        assertThatThrownBy(() -> Limits.of(5, 1)).hasMessageContaining("must not exceed");
    }
}
