package org.thermalcommons.edge.api.driver;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A device a driver found on its network.
 *
 * @param protocol   {@code bacnet} or {@code modbus}
 * @param instance   BACnet device instance (or Modbus unit id)
 * @param address    network address, e.g. {@code 127.0.0.1:47809}
 * @param maxApdu    largest APDU the device accepts (BACnet)
 * @param segmented  whether it supports segmentation (BACnet)
 * @param objects    its object list, e.g. {@code analog-input:1}, when read
 * @param seenAt     when it last answered discovery
 */
public record DiscoveredDevice(String protocol, int instance, String address, int maxApdu, boolean segmented,
                               List<String> objects, Instant seenAt) {
    public DiscoveredDevice {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        objects = List.copyOf(objects);
        Objects.requireNonNull(seenAt, "seenAt");
    }
}
