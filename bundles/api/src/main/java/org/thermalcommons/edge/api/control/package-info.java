/** The control cycle: controllers, cycle context, write requests and priorities, cycle reports. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.thermalcommons.edge.api.control;
