/** Points: identity, semantic role, unit, quality, limits, write policy, and the driver-side source and sink. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.thermalcommons.edge.api.point;
