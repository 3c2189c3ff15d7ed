package org.thermalcommons.edge.store;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.thermalcommons.edge.api.store.Resolution;

/** Settings for tests: long retentions, every measurement stored unless a policy is given, rollups flushed at once. */
final class TestSettings {
    private TestSettings() {
    }

    static Map<Resolution, Duration> retention(Duration raw) {
        Map<Resolution, Duration> m = new EnumMap<>(Resolution.class);
        m.put(Resolution.RAW, raw);
        m.put(Resolution.MINUTE, Duration.ofDays(14));
        m.put(Resolution.QUARTER_HOUR, Duration.ofDays(400));
        m.put(Resolution.HOUR, Duration.ofDays(1100));
        m.put(Resolution.DAY, Duration.ofDays(3650));
        return m;
    }

    static Database.Settings of(int queueCapacity, int batchSize, StoragePolicy policy) {
        return new Database.Settings(queueCapacity, batchSize, retention(Duration.ofDays(30)), Duration.ofDays(365),
                Duration.ofMinutes(10), policy, Duration.ZERO);
    }

    static Database.Settings everything() {
        return of(10_000, 500, StoragePolicy.EVERYTHING);
    }
}
