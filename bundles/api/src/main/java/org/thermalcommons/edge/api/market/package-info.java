/** Market vocabulary shared by controllers and the market link. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.api.market;
