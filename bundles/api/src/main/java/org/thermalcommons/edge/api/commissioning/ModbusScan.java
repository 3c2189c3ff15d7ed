package org.thermalcommons.edge.api.commissioning;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A probe's result: refused (field errors, nothing sent) or what answered.
 *
 * @param errors     why the probe was refused, by field (empty when it ran)
 * @param findings   the units that answered
 * @param tried      host/unit pairs tried
 * @param timedOut   whether the total deadline ended it early
 * @param elapsed    how long it took
 */
public record ModbusScan(Map<String, String> errors, List<ModbusFinding> findings, int tried, boolean timedOut,
                         Duration elapsed) {
    public ModbusScan {
        errors = Map.copyOf(errors);
        findings = List.copyOf(findings);
    }

    public static ModbusScan refused(Map<String, String> errors) {
        return new ModbusScan(errors, List.of(), 0, false, Duration.ZERO);
    }
}
