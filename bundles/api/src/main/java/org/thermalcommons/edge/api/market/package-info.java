/** Market vocabulary shared by controllers and the market link, and the link's activity for displays. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.thermalcommons.edge.api.market;
