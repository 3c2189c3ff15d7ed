package org.thermalcommons.edge.oem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.oem.RateLimits;

class RateWindowsTest {
    @Test
    void eachWindowAllowsItsLimitThenWaitsUntilTheOldestCountedLeavesIt() {
        RateWindows w = new RateWindows();
        RateLimits limits = new RateLimits(2, 3, 4);
        long t = 0;
        w.record(t);
        assertThat(w.waitMillis(limits, t + 1)).isZero();
        w.record(t + 1);
        assertThat(w.waitMillis(limits, t + 2)).as("third in the minute").isEqualTo(RateWindows.MINUTE - 2);
        w.record(t + RateWindows.MINUTE);
        assertThat(w.waitMillis(limits, t + RateWindows.MINUTE + 1)).as("fourth in the hour")
                .isEqualTo(RateWindows.HOUR - RateWindows.MINUTE - 1);
        w.record(t + RateWindows.HOUR);
        assertThat(w.waitMillis(limits, t + RateWindows.HOUR + RateWindows.MINUTE)).as("fifth in the day")
                .isEqualTo(RateWindows.DAY - RateWindows.HOUR - RateWindows.MINUTE);
        assertThat(w.waitMillis(limits, t + RateWindows.DAY)).as("a day later the first has left").isZero();
    }

    @Test
    void noLimitsNeverWait() {
        RateWindows w = new RateWindows();
        for (int i = 0; i < 1000; i++) {
            w.record(i);
        }
        assertThat(w.waitMillis(RateLimits.unlimited(), 1000)).isZero();
    }
}
