package org.thermalcommons.edge.oem.heatpump.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void delaySecondsAndHttpDatesAreUnderstoodAndCappedAtADay() {
        assertThat(RetryAfter.parse(Optional.of("120"), NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(Optional.of(" 0 "), NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse(Optional.of("Mon, 02 Mar 2026 10:00:30 GMT"), NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(Optional.of("Mon, 02 Mar 2026 09:00:00 GMT"), NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse(Optional.of("999999999"), NOW)).contains(RetryAfter.MAX);
    }

    @Test
    void anythingElseIsNoWait() {
        assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("-5"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("1.5"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("12345678901"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("tomorrow"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("x".repeat(10_000)), NOW)).isEmpty();
    }
}
