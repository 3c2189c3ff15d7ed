package org.thermalcommons.edge.api.profile;

import java.time.Duration;

/** How often a point is polled. Defaults: fast 1 s, normal 5 s, slow 30 s (a driver's configuration may override). */
public enum PollGroup {
    FAST(Duration.ofSeconds(1)), NORMAL(Duration.ofSeconds(5)), SLOW(Duration.ofSeconds(30));

    private final Duration defaultPeriod;

    PollGroup(Duration defaultPeriod) {
        this.defaultPeriod = defaultPeriod;
    }

    public Duration defaultPeriod() {
        return defaultPeriod;
    }
}
