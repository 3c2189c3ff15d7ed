package org.thermalcommons.edge.driver.bacnet;

import java.util.ArrayList;
import java.util.List;

/**
 * How many property reads fit in one ReadPropertyMultiple: the answer must fit the device's max APDU (each value
 * costs about {@link #BYTES_PER_RESULT} bytes in the ack, plus a header), or a few segments when the device segments.
 */
final class RpmBatcher {
    static final int HEADER_BYTES = 12;
    static final int BYTES_PER_RESULT = 16;
    static final int MAX_SEGMENTS = 8;

    private RpmBatcher() {
    }

    static int perRequest(int maxApdu, boolean segmented) {
        int fit = Math.max(1, (Math.max(50, maxApdu) - HEADER_BYTES) / BYTES_PER_RESULT);
        return segmented ? fit * MAX_SEGMENTS : fit;
    }

    static <T> List<List<T>> batches(List<T> items, int perRequest) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += perRequest) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + perRequest))));
        }
        return out;
    }
}
