package org.thermalcommons.edge.api.driver;

import java.util.List;
import java.util.Optional;

/** The devices a driver has discovered (service), for the console's commissioning page. */
public interface DeviceDirectory {
    String protocol();

    /** Every device that answered discovery, by instance; returns at once (no I/O). */
    List<DiscoveredDevice> devices();

    /**
     * Reads a discovered device's object list with each object's name, type and units (network I/O bounded by the
     * driver's deadlines: call it off the control cycle, e.g. from an HTTP thread). Empty when the device is not in
     * the directory or does not answer.
     */
    Optional<DiscoveredDevice> describe(int instance);
}
