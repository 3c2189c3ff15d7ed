package org.thermalcommons.edge.oem;

import java.util.concurrent.atomic.LongAdder;

/** Counters since start, read by the metrics scrape. */
final class Counters {
    final LongAdder sends = new LongAdder();
    final LongAdder verifies = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder breakerChanges = new LongAdder();
    final LongAdder resumed = new LongAdder();
    final LongAdder logErrors = new LongAdder();
}
