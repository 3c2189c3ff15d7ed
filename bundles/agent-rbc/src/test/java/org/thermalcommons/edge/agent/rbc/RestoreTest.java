package org.thermalcommons.edge.agent.rbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestoreTest {
    private static final Instant T0 = Instant.parse("2026-03-02T11:00:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration STAGGER = Duration.ofMinutes(5);

    @Test
    void aTargetGoesUpAtOnceAndComesDownAsARamp() {
        Restore r = new Restore();
        assertThat(r.step("zone-1", 24, T0, 0.25, STAGGER)).isEqualTo(24.0);
        assertThat(r.step("zone-1", 25.75, T0.plus(MIN), 0.25, STAGGER)).as("shed at once").isEqualTo(25.75);
        assertThat(r.step("zone-1", 24, T0.plus(MIN.multipliedBy(2)), 0.25, STAGGER)).isEqualTo(25.5);
        assertThat(r.step("zone-1", 24, T0.plus(MIN.multipliedBy(3)), 0.25, STAGGER)).isEqualTo(25.25);
        double v = 0;
        for (int i = 4; i < 12; i++) {
            v = r.step("zone-1", 24, T0.plus(MIN.multipliedBy(i)), 0.25, STAGGER);
        }
        assertThat(v).as("stops at the target").isEqualTo(24.0);
    }

    @Test
    void zonesStartTheirRampsOneStaggerApartSoTheirCoolingDoesNotComeBackAllAtOnce() {
        Restore r = new Restore();
        for (String z : new String[] {"zone-1", "zone-2", "zone-3"}) {
            r.step(z, 26, T0, 0.25, STAGGER);
        }
        int[] firstMove = new int[3];
        for (int i = 1; i <= 15; i++) {
            for (int k = 0; k < 3; k++) {
                double v = r.step("zone-" + (k + 1), 24, T0.plus(MIN.multipliedBy(i)), 0.25, STAGGER);
                if (v < 26 && firstMove[k] == 0) {
                    firstMove[k] = i;
                }
            }
        }
        assertThat(firstMove).containsExactly(1, 6, 11);
        java.util.Map<String, Double> targets = java.util.Map.of("zone-1", 24.0, "zone-2", 24.0, "zone-3", 24.0);
        assertThat(r.pending(targets)).as("zone-3 still on its way down").isEqualTo(1);
    }
}
