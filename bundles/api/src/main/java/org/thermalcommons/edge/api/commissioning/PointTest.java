package org.thermalcommons.edge.api.commissioning;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One point's test: its reading, and for writable points the test write's command lifecycle and relinquish.
 *
 * @param point     device/name
 * @param role      its role
 * @param value     the value read (empty without one)
 * @param quality   its quality ({@code NONE} without a reading)
 * @param writable  whether it was write-tested
 * @param testValue the value written
 * @param states    the command states seen, in order, each {@code STATE@epochMillis}
 * @param outcome   {@code read}, {@code verified}, {@code failed: reason}, {@code running}
 * @param at        when this point's test ended (or was last updated)
 */
public record PointTest(String point, String role, OptionalDouble value, String quality, boolean writable,
                        OptionalDouble testValue, List<String> states, String outcome, Instant at) {
    public PointTest {
        Objects.requireNonNull(point, "point");
        value = value == null ? OptionalDouble.empty() : value;
        testValue = testValue == null ? OptionalDouble.empty() : testValue;
        states = List.copyOf(states);
        Objects.requireNonNull(at, "at");
    }
}
