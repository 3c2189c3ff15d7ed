/**
 * How the gateway and the central market open their MQTT connections: sockets that send each MQTT packet at once
 * ({@code TCP_NODELAY}), for plain TCP and for TLS.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.market.transport;
