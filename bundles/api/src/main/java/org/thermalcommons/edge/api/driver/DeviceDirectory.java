package org.thermalcommons.edge.api.driver;

import java.util.List;

/** The devices a driver has discovered (service). */
public interface DeviceDirectory {
    String protocol();

    List<DiscoveredDevice> devices();
}
