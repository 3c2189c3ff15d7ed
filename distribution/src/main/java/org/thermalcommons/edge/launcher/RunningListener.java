package org.thermalcommons.edge.launcher;

import java.util.HashSet;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceException;

/**
 * Reports the framework's errors once the gateway runs, each naming the bundle that failed. A component that fails
 * to activate when another bundle asks for its service reaches the framework as a service factory error of the
 * asking bundle (the core, for a controller): the failed components are named with their own bundle instead, once
 * each. Bundles from {@code deploy/} are reported by the deployment manager, which also rolls them back.
 */
final class RunningListener implements FrameworkListener {
    private final BundleContext context;
    private final Set<String> reported = new HashSet<>();

    RunningListener(BundleContext context) {
        this.context = context;
    }

    @Override
    public void frameworkEvent(FrameworkEvent e) {
        if (e.getType() != FrameworkEvent.ERROR) {
            return;
        }
        if (e.getThrowable() instanceof ServiceException se && (se.getType() == ServiceException.FACTORY_ERROR
                || se.getType() == ServiceException.FACTORY_EXCEPTION)) {
            for (String failed : StartupCheck.failedComponents(context)) {
                synchronized (reported) {
                    if (reported.add(failed)) {
                        System.err.println("cool-edge: " + failed + " (the other bundles keep running)");
                    }
                }
            }
            return;
        }
        Bundle b = e.getBundle();
        if (StartupCheck.isDeployed(b)) {
            return;
        }
        System.err.println("cool-edge: bundle " + (b == null ? "?" : b.getSymbolicName()) + " failed: "
                + (e.getThrowable() == null ? "" : Launcher.rootMessage(e.getThrowable())) + " (the other bundles keep running)");
    }
}
