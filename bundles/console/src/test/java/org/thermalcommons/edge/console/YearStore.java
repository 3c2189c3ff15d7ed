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
        if (resolution != Resolution.DAY) {
            return chart(point, from, to, 2_000);
        }
        // Daily buckets of a cumulative reading (energy counters, carbon avoided), with the day's energy by difference
        // as the store computes it.
        List<Bucket> b = new ArrayList<>();
        long days = Duration.between(from, to).toDays();
        if (point.equals(FakeGateway.CARBON)) {
            // 800 kg avoided until yesterday's end; 812.5 kg now (the point's value): 12.5 kg today.
            for (int i = 0; i < days; i++) {
                Instant day = from.plus(Duration.ofDays(i));
                if (day.isBefore(Instant.now())) {
                    boolean today = day.plus(Duration.ofDays(1)).isAfter(Instant.now());
                    b.add(today ? new Bucket(day, 806, 800, 812.5, 812.5, 10, java.util.OptionalDouble.empty())
                            : new Bucket(day, 790, 780, 800, 800, 10, java.util.OptionalDouble.empty()));
                }
            }
            return new Series(point, SignalKind.ANALOG, Unit.NONE, Resolution.DAY, from, to, b, b.size(), 0);
        }
        boolean export = point.name().contains("export");
        double total = 10_000;
        for (int i = 0; i < days; i++) {
            double day = export ? 60 + 40 * Math.sin(i) : 450 + 120 * Math.sin(i / 2.0);
            b.add(new Bucket(from.plus(Duration.ofDays(i)), total + day / 2, total, total + day, total + day, 1440,
                    java.util.OptionalDouble.of(day)));
            total += day;
        }
        return new Series(point, SignalKind.COUNTER, Unit.KILOWATT_HOUR, Resolution.DAY, from, to, b, b.size(), 0);
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
