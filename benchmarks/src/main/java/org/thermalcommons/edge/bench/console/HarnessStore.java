package org.thermalcommons.edge.bench.console;

import java.time.Instant;
import java.util.List;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.api.store.TimeSeriesStore;
import org.thermalcommons.edge.store.StoreHarness;

/** The store component (through the store's benchmark harness) as the console's TimeSeriesStore service. */
final class HarnessStore implements TimeSeriesStore {
    private final StoreHarness store;

    HarnessStore(StoreHarness store) {
        this.store = store;
    }

    @Override
    public void append(List<PointValue> samples) {
        throw new UnsupportedOperationException("the console never appends");
    }

    @Override
    public List<PointValue> history(PointId point, Instant from, Instant to, int limit) {
        return store.history(point, from, to, limit);
    }

    @Override
    public Series buckets(PointId point, Instant from, Instant to, Resolution resolution) {
        throw new UnsupportedOperationException("the console charts through chart()");
    }

    @Override
    public Series chart(PointId point, Instant from, Instant to, int maxPoints) {
        return store.chart(point, from, to, maxPoints);
    }

    @Override
    public long storedSamples() {
        return store.stored();
    }
}
