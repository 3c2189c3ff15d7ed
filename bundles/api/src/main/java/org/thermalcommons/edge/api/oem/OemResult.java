package org.thermalcommons.edge.api.oem;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an adapter reports for one send or verify call.
 *
 * @param outcome    what happened
 * @param detail     the device's or vendor's own words (HTTP status and body excerpt, BACnet/Modbus reason), for the log
 * @param retryAfter when {@link Outcome#RETRY}: the vendor's requested wait (e.g. HTTP {@code Retry-After}), if it gave one
 */
public record OemResult(Outcome outcome, String detail, Optional<Duration> retryAfter) {
    public enum Outcome {
        /** Done: sent and accepted by the device, or (verify) the device state matches the action. */
        OK,
        /** Not done yet, worth trying again later: timeout, unreachable, rate-limited, HTTP 5xx, or state not there yet. */
        RETRY,
        /** The device refused it for good (invalid action, HTTP 4xx other than 429): the command fails. */
        REFUSED
    }

    public OemResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static OemResult ok(String detail) {
        return new OemResult(Outcome.OK, detail, Optional.empty());
    }

    public static OemResult retry(String detail) {
        return new OemResult(Outcome.RETRY, detail, Optional.empty());
    }

    public static OemResult retryAfter(String detail, Duration wait) {
        return new OemResult(Outcome.RETRY, detail, Optional.of(wait));
    }

    public static OemResult refused(String detail) {
        return new OemResult(Outcome.REFUSED, detail, Optional.empty());
    }
}
