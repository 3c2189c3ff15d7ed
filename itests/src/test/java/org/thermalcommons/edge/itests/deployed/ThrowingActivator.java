package org.thermalcommons.edge.itests.deployed;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a bad update packed by {@code DeployIT}: it throws in start. */
public class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("deliberately thrown by the activator of " + context.getBundle().getVersion());
    }

    @Override
    public void stop(BundleContext context) {
        // never started
    }
}
