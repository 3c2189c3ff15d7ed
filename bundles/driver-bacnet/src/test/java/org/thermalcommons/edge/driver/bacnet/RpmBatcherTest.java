package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RpmBatcherTest {
    @Test
    void batchesFitTheDevicesMaxApduAndSegmentation() {
        assertThat(RpmBatcher.perRequest(50, false)).isEqualTo(2);
        assertThat(RpmBatcher.perRequest(206, false)).isEqualTo(12);
        assertThat(RpmBatcher.perRequest(480, false)).isEqualTo(29);
        assertThat(RpmBatcher.perRequest(1476, false)).isEqualTo(91);
        // Segmented answers could carry 728 values, but the request must fit one APDU: 183 references.
        assertThat(RpmBatcher.perRequest(1476, true)).isEqualTo(183);
        assertThat(RpmBatcher.perRequest(480, true)).isEqualTo(58);
        assertThat(RpmBatcher.perRequest(0, false)).isEqualTo(2);
    }

    @Test
    void batchesCoverEveryItemOnceInOrder() {
        List<Integer> items = IntStream.range(0, 100).boxed().toList();
        List<List<Integer>> b = RpmBatcher.batches(items, 29);
        assertThat(b).extracting(List::size).containsExactly(29, 29, 29, 13);
        assertThat(b.stream().flatMap(List::stream).toList()).isEqualTo(items);
    }
}
