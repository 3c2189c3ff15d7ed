package org.thermalcommons.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.store.Bucket;

class CounterIntervalsTest {
    private static Bucket b(int i, double min, double max, double last) {
        return new Bucket(Instant.ofEpochSecond(i * 900L), (min + max) / 2, min, max, last, 3, OptionalDouble.empty());
    }

    private static List<OptionalDouble> energies(CounterIntervals.Result r) {
        return r.buckets().stream().map(Bucket::intervalEnergy).toList();
    }

    @Test
    void intervalsAreDifferencesOfLastReadings() {
        CounterIntervals.Result r = CounterIntervals.apply(
                List.of(b(0, 100, 102, 102), b(1, 102.5, 105, 105), b(2, 105, 105, 105)), OptionalDouble.of(99));
        assertThat(energies(r)).containsExactly(OptionalDouble.of(3), OptionalDouble.of(3), OptionalDouble.of(0));
        assertThat(r.rejectedJumps()).isZero();
    }

    @Test
    void theFirstBucketWithoutAnEarlierReadingHasNoInterval() {
        CounterIntervals.Result r = CounterIntervals.apply(List.of(b(0, 100, 102, 102), b(1, 103, 104, 104)),
                OptionalDouble.empty());
        assertThat(energies(r)).containsExactly(OptionalDouble.empty(), OptionalDouble.of(2));
    }

    @Test
    void aResetCountsWhatCameBeforeItPlusTheNewCountFromZero() {
        // Previous last 500. Bucket: read up to 503, meter replaced, new meter at 0.5 .. 2.
        CounterIntervals.Result r = CounterIntervals.apply(List.of(b(0, 0.5, 503, 2), b(1, 2, 4, 4)), OptionalDouble.of(500));
        assertThat(energies(r)).containsExactly(OptionalDouble.of(3 + 2), OptionalDouble.of(2));
        assertThat(r.rejectedJumps()).isZero();
    }

    @Test
    void anImplausibleJumpIsLeftEmptyAndCounted() {
        List<Bucket> in = new ArrayList<>();
        double v = 1000;
        for (int i = 0; i < 10; i++) {
            v += i == 6 ? 50_000 : 1;
            in.add(b(i, v - 1, v, v));
        }
        CounterIntervals.Result r = CounterIntervals.apply(in, OptionalDouble.of(1000));
        assertThat(r.rejectedJumps()).isEqualTo(1);
        assertThat(r.buckets().get(6).intervalEnergy()).isEmpty();
        assertThat(r.buckets().get(7).intervalEnergy()).hasValue(1);
    }
}
