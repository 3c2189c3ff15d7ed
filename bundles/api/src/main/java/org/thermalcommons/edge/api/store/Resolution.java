package org.thermalcommons.edge.api.store;

import java.time.Duration;

/** Level of detail of a history query: the stored samples themselves, or one of the store's rollups. */
public enum Resolution {
    /** The stored samples (after the store's deadband and minimum interval), one bucket per sample. */
    RAW(Duration.ZERO),
    MINUTE(Duration.ofMinutes(1)),
    QUARTER_HOUR(Duration.ofMinutes(15)),
    HOUR(Duration.ofHours(1)),
    /** Calendar days in UTC. */
    DAY(Duration.ofDays(1));

    private final Duration bucket;

    Resolution(Duration bucket) {
        this.bucket = bucket;
    }

    /** Width of one bucket; zero for {@link #RAW}. */
    public Duration bucket() {
        return bucket;
    }
}
