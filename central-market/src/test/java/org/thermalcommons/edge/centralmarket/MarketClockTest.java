package org.thermalcommons.edge.centralmarket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MarketClockTest {
    private static final Instant START = Instant.parse("2026-03-02T02:00:00Z");

    @Test
    void aMarketStartedLaterJoinsTheSharedClockWhereItIs() {
        Instant wall = Instant.parse("2026-12-02T01:00:00Z");
        // 45 s of wall time at 60x after the shared wall start: 45 minutes into the demo day
        assertThat(MarketClock.joining(START, 60, wall, wall.plusSeconds(45))).isEqualTo(START.plusSeconds(2700));
        assertThat(MarketClock.joining(START, 60, null, wall.plusSeconds(45))).isEqualTo(START);
    }

    @Test
    void runsAtItsSpeedFromItsStart() {
        AtomicLong nanos = new AtomicLong(7_000_000_000L);
        MarketClock c = new MarketClock(START, 60, nanos::get);
        nanos.addAndGet(2_000_000_000L);
        assertThat(c.now()).isEqualTo(START.plusSeconds(120));
    }
}
