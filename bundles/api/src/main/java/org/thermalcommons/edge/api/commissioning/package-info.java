/** Commissioning a site: scan, browse, draft and validate profiles, test points, report (console installer tools). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.thermalcommons.edge.api.commissioning;
