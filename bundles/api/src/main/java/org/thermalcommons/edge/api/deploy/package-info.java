/**
 * Deployment of bundles through {@code deploy/}: what is deployed (version, state, signer, SHA-256, health), the
 * history of every step (with the signature verification time of each jar), and requests to install, update,
 * uninstall or roll back. Only jars signed by a key of the gateway's trust store are installed; an update that fails
 * to resolve, activate or become healthy within the configured time is rolled back to the previous version. See
 * {@code docs/deploy.md}. The features of the distribution are turned on and off through {@link FeatureManager} (1.1).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.thermalcommons.edge.api.deploy;
