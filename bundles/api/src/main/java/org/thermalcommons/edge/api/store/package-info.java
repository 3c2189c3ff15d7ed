/**
 * Storage contracts: time series (samples, rollups with level of detail, chart series downsampled with LTTB) and the
 * audit log.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.thermalcommons.edge.api.store;
