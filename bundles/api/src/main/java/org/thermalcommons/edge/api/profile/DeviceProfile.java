package org.thermalcommons.edge.api.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device profile: a device model's points, roles, units, limits and addresses.
 *
 * @param id          unique profile id, e.g. {@code bacnet-zone-controller}
 * @param protocol    {@code bacnet} or {@code modbus}
 * @param vendor      manufacturer or {@code generic}
 * @param model       model name
 * @param description what the device is
 * @param points      its points
 * @param modbus      device-wide Modbus options ({@link ModbusOptions#DEFAULT} for BACnet profiles and when not given)
 */
public record DeviceProfile(String id, String protocol, String vendor, String model, String description,
                            List<ProfilePoint> points, ModbusOptions modbus) {
    public DeviceProfile(String id, String protocol, String vendor, String model, String description, List<ProfilePoint> points) {
        this(id, protocol, vendor, model, description, points, ModbusOptions.DEFAULT);
    }

    public DeviceProfile {
        modbus = modbus == null ? ModbusOptions.DEFAULT : modbus;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(description, "description");
        points = List.copyOf(points);
    }

    public Optional<ProfilePoint> point(String name) {
        return points.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
