package org.thermalcommons.edge.api.point;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the core commands a writable point (from the device profile's {@code write} block).
 *
 * @param tolerance   a reading within this distance of the commanded value verifies the command (point unit)
 * @param deadband    a new value closer than this to the last commanded one is not written (point unit)
 * @param minInterval least wall time between two writes of different values (BACnet controllers keep the priority
 *                    array in flash); the newest value waits in the pending slot
 * @param heartbeat   re-assert the commanded value this often (wall time) even when verified, e.g. inverter power
 *                    setpoints with a watchdog; empty for none
 * @param maxAttempts sends of one value (first send plus re-sends after a failed verification or write) before the
 *                    command is failed and counted
 */
public record WritePolicy(double tolerance, double deadband, Duration minInterval, Optional<Duration> heartbeat,
                          int maxAttempts) {
    /** Tolerance 0.01, no deadband, no minimum interval, no heartbeat, 5 attempts. */
    public static final WritePolicy DEFAULT = new WritePolicy(0.01, 0.0, Duration.ZERO, Optional.empty(), 5);

    public WritePolicy {
        Objects.requireNonNull(minInterval, "minInterval");
        heartbeat = heartbeat == null ? Optional.empty() : heartbeat;
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("write policy: tolerance must be a finite number >= 0");
        }
        if (!(deadband >= 0) || Double.isInfinite(deadband)) {
            throw new IllegalArgumentException("write policy: deadband must be a finite number >= 0");
        }
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("write policy: minInterval must not be negative");
        }
        if (heartbeat.isPresent() && (heartbeat.get().isNegative() || heartbeat.get().isZero())) {
            throw new IllegalArgumentException("write policy: heartbeat must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("write policy: maxAttempts must be >= 1");
        }
    }
}
