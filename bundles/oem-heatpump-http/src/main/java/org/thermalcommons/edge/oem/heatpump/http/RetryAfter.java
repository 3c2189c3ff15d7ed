package org.thermalcommons.edge.oem.heatpump.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, capped at a day. */
final class RetryAfter {
    static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** The wait it asks for, from {@code now} (wall clock); empty when absent or not understood. */
    static Optional<Duration> parse(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().strip();
        if (v.matches("[0-9]{1,9}")) {
            return Optional.of(cap(Duration.ofSeconds(Long.parseLong(v))));
        }
        if (v.length() > 64) {
            return Optional.empty();
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : cap(d));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration cap(Duration d) {
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
