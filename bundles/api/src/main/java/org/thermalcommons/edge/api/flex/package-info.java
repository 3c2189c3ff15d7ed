/**
 * Flexibility: what a controller can offer the market for an interval (kW up and down, for how long, at what cost),
 * and the commitments the market has won for the site. Bid building and trading live in the {@code market} bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.api.flex;
