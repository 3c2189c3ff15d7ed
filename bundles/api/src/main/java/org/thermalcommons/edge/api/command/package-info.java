/**
 * Commands: the lifecycle the core keeps per commanded point (requested, sent, acknowledged, verified, or refused /
 * failed with the device's reason), its counters, and the registry that exposes them to the console and metrics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.api.command;
