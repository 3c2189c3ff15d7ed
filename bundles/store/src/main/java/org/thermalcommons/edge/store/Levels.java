package org.thermalcommons.edge.store;

import java.util.List;
import org.thermalcommons.edge.api.store.Resolution;

/** The rollup levels the writer maintains, with their stable codes in the {@code rollups} table. */
final class Levels {
    static final List<Resolution> ROLLUPS = List.of(Resolution.MINUTE, Resolution.QUARTER_HOUR, Resolution.HOUR,
            Resolution.DAY);

    private Levels() {
    }

    static int code(Resolution r) {
        return switch (r) {
            case RAW -> throw new IllegalArgumentException("RAW is not a rollup level");
            case MINUTE -> 1;
            case QUARTER_HOUR -> 2;
            case HOUR -> 3;
            case DAY -> 4;
        };
    }

    /** Start (epoch ms) of the bucket of {@code r} that holds {@code ts}. */
    static long start(Resolution r, long ts) {
        long w = r.bucket().toMillis();
        return Math.floorDiv(ts, w) * w;
    }
}
