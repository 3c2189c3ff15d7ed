package org.thermalcommons.edge.driver.bacnet;

import java.util.ArrayList;
import java.util.List;

/**
 * How many property reads fit in one ReadPropertyMultiple: the answer must fit the device's max APDU (each value
 * costs about {@link #BYTES_PER_RESULT} bytes in the ack, plus a header), or a few segments when the device segments;
 * and the request itself must fit one APDU (about {@link #BYTES_PER_REFERENCE} bytes per property reference), since
 * requests are sent unsegmented.
 */
final class RpmBatcher {
    static final int HEADER_BYTES = 12;
    static final int BYTES_PER_RESULT = 16;
    static final int MAX_SEGMENTS = 8;
    static final int BYTES_PER_REFERENCE = 8;

    private RpmBatcher() {
    }

    static int perRequest(int maxApdu, boolean segmented) {
        int apdu = Math.max(50, maxApdu) - HEADER_BYTES;
        int answer = Math.max(1, apdu / BYTES_PER_RESULT) * (segmented ? MAX_SEGMENTS : 1);
        int request = Math.max(1, apdu / BYTES_PER_REFERENCE);
        return Math.min(answer, request);
    }

    static <T> List<List<T>> batches(List<T> items, int perRequest) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += perRequest) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + perRequest))));
        }
        return out;
    }
}
