/** What field drivers found on their networks, for installers and the console. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.thermalcommons.edge.api.driver;
