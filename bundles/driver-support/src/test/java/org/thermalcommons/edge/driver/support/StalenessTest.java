package org.thermalcommons.edge.driver.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.profile.PollGroup;

class StalenessTest {
    @Test
    void aSlowGroupIsNotStaleBetweenItsPolls() {
        assertThat(Staleness.of(Duration.ofSeconds(15), PollGroup.FAST)).isEqualTo(Duration.ofSeconds(15));
        assertThat(Staleness.of(Duration.ofSeconds(15), PollGroup.NORMAL)).isEqualTo(Duration.ofSeconds(15));
        assertThat(Staleness.of(Duration.ofSeconds(15), PollGroup.SLOW)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Staleness.of(Duration.ofSeconds(120), PollGroup.SLOW)).isEqualTo(Duration.ofSeconds(120));
    }
}
