package org.thermalcommons.edge.api.driver;

import java.time.Duration;
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

    /**
     * Runs one discovery round now (BACnet: one Who-Is over the configured network and discovery ports) and waits for
     * answers, at most {@code wait} (less once answers stop arriving), then returns the directory. Rate-limited by the
     * driver. Blocks: call it off the control cycle.
     *
     * @throws IllegalStateException naming the rule when refused (e.g. the rate limit) or when this directory cannot
     *                               discover on request
     * @since 2.1
     */
    default List<DiscoveredDevice> discoverNow(Duration wait) {
        throw new IllegalStateException("discovery: the " + protocol() + " directory cannot discover on request");
    }

    /**
     * Reads one object's live state from a discovered device (BACnet: present value, units, priority array, relinquish
     * default, status flags, out-of-service), bounded by the driver's request deadline. Blocks: call it off the control
     * cycle.
     *
     * @param device   the device instance
     * @param type     object type, e.g. {@code analog-value}
     * @param instance object instance
     * @since 2.1
     */
    default ObjectReading readObject(int device, String type, int instance) {
        return ObjectReading.failed(ObjectReading.Outcome.UNSUPPORTED, "the " + protocol() + " directory cannot read object states");
    }
}
