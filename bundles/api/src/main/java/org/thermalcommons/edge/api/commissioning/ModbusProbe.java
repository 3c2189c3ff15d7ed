package org.thermalcommons.edge.api.commissioning;

import java.time.Duration;
import java.util.Objects;

/**
 * A Modbus TCP probe of a host range (IPv4, last octet range) and unit ids.
 *
 * @param firstHost first IPv4 address, e.g. {@code 127.0.0.1}
 * @param lastHost  last IPv4 address (same /24 as the first)
 * @param port      TCP port
 * @param firstUnit first unit id
 * @param lastUnit  last unit id
 * @param timeout   per-connection timeout
 * @param deadline  the whole probe's time limit
 */
public record ModbusProbe(String firstHost, String lastHost, int port, int firstUnit, int lastUnit, Duration timeout,
                          Duration deadline) {
    public ModbusProbe {
        Objects.requireNonNull(firstHost, "firstHost");
        Objects.requireNonNull(lastHost, "lastHost");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(deadline, "deadline");
    }
}
