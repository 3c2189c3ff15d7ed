package org.thermalcommons.edge.market.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Per-minute aggregates of a site.
 *
 * @param historical true when sent from the backlog after an outage, absent otherwise
 */
public record Telemetry(Interval period, double loadKw, double pvKw, double socPercent, List<Zone> zones,
                        Flexibility flexibilityKw, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean historical)
        implements Body {
    public record Zone(String name, double tempC, double humidityPercent) {
        public Zone {
            Objects.requireNonNull(name, "name");
        }
    }

    /** kW the site could offer now: {@code up} = reduce/export, {@code down} = absorb. */
    public record Flexibility(double up, double down) {
    }

    public Telemetry {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(flexibilityKw, "flexibilityKw");
        zones = List.copyOf(zones);
    }

    /** The same telemetry, flagged as sent from the backlog. */
    public Telemetry asHistorical() {
        return new Telemetry(period, loadKw, pvKw, socPercent, zones, flexibilityKw, Boolean.TRUE);
    }
}
