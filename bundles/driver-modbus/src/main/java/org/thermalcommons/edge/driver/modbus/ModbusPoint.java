package org.thermalcommons.edge.driver.modbus;

import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** A profile point bound to a device: its point id, profile entry and register address. */
record ModbusPoint(PointId id, ProfilePoint profile, ModbusAddress address) {
    static ModbusPoint of(String device, ProfilePoint p) {
        return new ModbusPoint(PointId.of(device, p.name()), p, (ModbusAddress) p.address());
    }

    int first() {
        return address.address();
    }

    int last() {
        return address.address() + address.type().registers() - 1;
    }
}
