package org.thermalcommons.edge.driver.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StalenessTest {
    @Test
    void aValueIsNotStaleBetweenTwoPollsOfItsConfiguredPeriod() {
        assertThat(Staleness.of(Duration.ofSeconds(15), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(15));
        assertThat(Staleness.of(Duration.ofSeconds(15), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(60));
        assertThat(Staleness.of(Duration.ofSeconds(120), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(120));
    }

    /** The configured period counts, not the group's default: a "fast" group polled every 20 s is stale after 40 s. */
    @Test
    void aDeviceConfiguredSlowerThanTheGroupDefaultIsNotStaleEarly() {
        assertThat(Staleness.of(Duration.ofSeconds(15), Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(40));
    }
}
