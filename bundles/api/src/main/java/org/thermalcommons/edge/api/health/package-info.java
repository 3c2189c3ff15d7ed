/** Health: components report whether they work; the console's {@code /health} and the launcher aggregate them. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.api.health;
