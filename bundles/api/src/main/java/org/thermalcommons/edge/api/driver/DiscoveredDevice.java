package org.thermalcommons.edge.api.driver;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A device a driver found on its network.
 *
 * @param protocol     {@code bacnet} or {@code modbus}
 * @param instance     BACnet device instance (or Modbus unit id)
 * @param address      network address, e.g. {@code 127.0.0.1:47809}
 * @param maxApdu      largest APDU the device accepts (BACnet)
 * @param segmentation what it segments: {@code segmented-both}, {@code segmented-transmit}, {@code segmented-receive}
 *                     or {@code no-segmentation} (BACnet)
 * @param vendorId     its vendor identifier (BACnet, from I-Am)
 * @param vendorName   its vendor name when read with the object list ({@code ""} before)
 * @param objects      its objects with names, types and units, when read ({@link DeviceDirectory#describe}); empty before
 * @param seenAt       when it last answered discovery
 */
public record DiscoveredDevice(String protocol, int instance, String address, int maxApdu, String segmentation, int vendorId,
                               String vendorName, List<DiscoveredObject> objects, Instant seenAt) {
    public DiscoveredDevice {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(segmentation, "segmentation");
        vendorName = vendorName == null ? "" : vendorName;
        objects = List.copyOf(objects);
        Objects.requireNonNull(seenAt, "seenAt");
    }

    /** Whether it segments in either direction. */
    public boolean segmented() {
        return !"no-segmentation".equals(segmentation);
    }
}
