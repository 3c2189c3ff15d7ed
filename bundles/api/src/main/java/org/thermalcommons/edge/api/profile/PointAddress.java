package org.thermalcommons.edge.api.profile;

/** Where a point lives on its device: a BACnet object property or a Modbus register. */
public sealed interface PointAddress permits BacnetAddress, ModbusAddress {
}
