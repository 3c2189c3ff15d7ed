/** Device profiles: how a device's BACnet objects or Modbus registers map to semantic points. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.thermalcommons.edge.api.profile;
