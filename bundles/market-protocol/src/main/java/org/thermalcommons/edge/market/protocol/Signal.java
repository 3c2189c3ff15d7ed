package org.thermalcommons.edge.market.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The market's signal (retained): grid stress, the interval schedule and forecasts.
 *
 * @param gateClosure seconds before an interval's start after which bids for it are refused
 * @param validUntil  optional (a v1-compatible addition): receivers assume {@code normal} after it
 */
public record Signal(Stress gridStress, int intervalMinutes, int gateClosure, List<Forecast> forecast,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Instant validUntil) implements Body {
    public enum Stress {
        @JsonProperty("normal") NORMAL, @JsonProperty("elevated") ELEVATED, @JsonProperty("high") HIGH,
        @JsonProperty("critical") CRITICAL
    }

    /** One forecast interval. */
    public record Forecast(Instant start, Instant end, double pricePerKwh, double carbonGPerKwh) {
        public Forecast {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }
    }

    public Signal {
        Objects.requireNonNull(gridStress, "gridStress");
        forecast = List.copyOf(forecast);
    }
}
