package org.thermalcommons.edge.api.commissioning;

import java.util.List;
import java.util.Map;

/**
 * Holding registers read from one Modbus unit, raw and decoded.
 *
 * @param errors    why the read was refused or failed, by field (empty when it worked)
 * @param start     first register
 * @param words     raw 16-bit words
 * @param decodings each start address decoded in each type and word order that fits in the window
 */
public record RegisterBlock(Map<String, String> errors, int start, List<Integer> words, List<RegisterDecoding> decodings) {
    public RegisterBlock {
        errors = Map.copyOf(errors);
        words = List.copyOf(words);
        decodings = List.copyOf(decodings);
    }
}
