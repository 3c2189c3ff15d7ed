package org.thermalcommons.edge.driver.support;

import java.time.Duration;

/**
 * How long a polled value stays good: the configured limit, but never less than two of its group's poll periods as
 * the device is configured (a device polled every 60 s is not stale after 15 s).
 */
public final class Staleness {
    private Staleness() {
    }

    /**
     * @param configured the device's stale-after setting
     * @param pollPeriod the configured poll period of the point's group on this device
     */
    public static Duration of(Duration configured, Duration pollPeriod) {
        Duration twoPolls = pollPeriod.multipliedBy(2);
        return configured.compareTo(twoPolls) >= 0 ? configured : twoPolls;
    }
}
