package org.thermalcommons.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.SignalKind;

class LttbPropertiesTest {
    private static List<Bucket> series(List<Double> values, List<Integer> gaps) {
        List<Bucket> out = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            out.add(new Bucket(Instant.ofEpochMilli(t), v, v, v, v, 1, OptionalDouble.empty()));
            t += 1 + gaps.get(i % gaps.size());
        }
        return out;
    }

    @Property(tries = 300)
    void keepsFirstAndLastNeverExceedsTheBudgetAndPicksOnlyInputBucketsInOrder(
            @ForAll @Size(min = 0, max = 3000) List<@DoubleRange(min = -1e6, max = 1e6) Double> values,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 100_000) Integer> gaps,
            @ForAll @IntRange(min = 3, max = 500) int budget) {
        List<Bucket> in = series(values, gaps);
        List<Bucket> out = Lttb.downsample(in, budget, SignalKind.ANALOG);

        assertThat(out.size()).isLessThanOrEqualTo(Math.max(budget, 0)).isLessThanOrEqualTo(in.size());
        assertThat(out.size()).isEqualTo(Math.min(in.size(), budget));
        if (!in.isEmpty()) {
            assertThat(out.get(0)).isSameAs(in.get(0));
            assertThat(out.get(out.size() - 1)).isSameAs(in.get(in.size() - 1));
        }
        int at = -1;
        for (Bucket b : out) {
            int idx = indexOfIdentity(in, b, at + 1);
            assertThat(idx).as("every output bucket is an input bucket, in input order").isGreaterThan(at);
            at = idx;
        }
    }

    private static int indexOfIdentity(List<Bucket> in, Bucket b, int from) {
        for (int i = from; i < in.size(); i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void keepsTheSpikeThatAnAverageWouldFlatten() {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(i == 537 ? 100.0 : 1.0);
        }
        List<Bucket> out = Lttb.downsample(series(values, List.of(999)), 20, SignalKind.ANALOG);
        assertThat(out).extracting(Bucket::mean).contains(100.0);
    }
}
