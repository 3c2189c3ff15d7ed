package org.thermalcommons.edge.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.Resolution;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.api.store.SignalKind;
import org.thermalcommons.edge.api.store.TimeSeriesStore;

/** A store that answers chart queries with a daily temperature wave over any span, at most {@code maxPoints}. */
final class YearStore implements TimeSeriesStore {
    @Override
    public void append(List<PointValue> samples) {
    }

    @Override
    public List<PointValue> history(PointId point, Instant from, Instant to, int limit) {
        return List.of();
    }

    @Override
    public Series buckets(PointId point, Instant from, Instant to, Resolution resolution) {
        return chart(point, from, to, 2_000);
    }

    @Override
    public Series chart(PointId point, Instant from, Instant to, int maxPoints) {
        long hours = Math.max(1, Duration.between(from, to).toHours());
        int n = (int) Math.min(maxPoints, hours);
        long step = Duration.between(from, to).toMillis() / n;
        List<Bucket> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant t = from.plusMillis(i * step);
            double v = 25 + 3 * Math.sin(i * 2 * Math.PI / 24.0) + 2 * Math.sin(i * 2 * Math.PI / n);
            b.add(new Bucket(t, v, v - 0.5, v + 0.5, v, 60, OptionalDouble.empty()));
        }
        return new Series(point, SignalKind.ANALOG, Unit.CELSIUS, Resolution.HOUR, from, to, b, hours, 0);
    }

    @Override
    public long storedSamples() {
        return 0;
    }
}
