package org.thermalcommons.edge.driver.support;

import java.time.Duration;
import org.thermalcommons.edge.api.profile.PollGroup;

/** How long a polled value stays good: the configured limit, but never less than two of its group's poll periods. */
public final class Staleness {
    private Staleness() {
    }

    public static Duration of(Duration configured, PollGroup group) {
        Duration twoPolls = group.defaultPeriod().multipliedBy(2);
        return configured.compareTo(twoPolls) >= 0 ? configured : twoPolls;
    }
}
