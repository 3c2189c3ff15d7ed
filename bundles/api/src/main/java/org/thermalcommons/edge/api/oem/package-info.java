/**
 * OEM adapters: vendor devices (heat pumps first) driven by generic actions, with a durable command lifecycle.
 *
 * <p>An {@link org.thermalcommons.edge.api.oem.OemAdapter} translates a generic {@link
 * org.thermalcommons.edge.api.oem.OemAction} into vendor operations (point commands through the core's command layer,
 * or a vendor API call) and reads the device state back. The {@code oem} bundle provides {@link
 * org.thermalcommons.edge.api.oem.OemCommands}: it keeps every command in a durable log (PENDING → SENT → ACKNOWLEDGED
 * → VERIFIED → COMPLETED, or FAILED with a reason), applies the adapter's rate limits, retries with back-off behind a
 * circuit breaker, and verifies after the adapter's delay. The log, not the adapter instance, holds the commands, so
 * they survive a restart and a bundle swap and are never executed twice. See {@code docs/oem.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.thermalcommons.edge.api.oem;
