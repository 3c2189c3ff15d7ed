package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.thermalcommons.edge.api.control.ControlCycle;

/**
 * The running framework as a {@link BundleHost}. Bundles are installed and updated from the manager's verified
 * copies (a stream of the copy, never the file in {@code deploy/}), at the configured start level. After an update or
 * an uninstall whose old revision is still wired to other bundles, those are refreshed so nothing keeps running old
 * code. Every failure names the bundle itself (symbolic name and version), not the bundle that happened to ask for
 * one of its services.
 */
final class OsgiBundleHost implements BundleHost {
    private static final long REFRESH_TIMEOUT_SECONDS = 30;
    private final BundleContext context;
    private final Supplier<ServiceComponentRuntime> scr;
    private final Supplier<ControlCycle> cycle;
    private volatile int startLevel;

    OsgiBundleHost(BundleContext context, Supplier<ServiceComponentRuntime> scr, Supplier<ControlCycle> cycle, int startLevel) {
        this.context = context;
        this.scr = scr;
        this.cycle = cycle;
        this.startLevel = startLevel;
    }

    void startLevel(int level) {
        this.startLevel = level;
    }

    @Override
    public long install(String location, Path jar) throws HostException {
        try (InputStream in = Files.newInputStream(jar)) {
            Bundle b = context.installBundle(location, in);
            b.adapt(BundleStartLevel.class).setStartLevel(startLevel);
            return b.getBundleId();
        } catch (BundleException e) {
            throw new HostException(e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR ? "duplicate-bundle" : "install-failed",
                    "the framework refused it: " + message(e));
        } catch (IOException e) {
            throw new HostException("io", "its verified copy cannot be read: " + e);
        }
    }

    @Override
    public void update(long id, Path jar) throws HostException {
        Bundle b = bundle(id);
        try (InputStream in = Files.newInputStream(jar)) {
            b.update(in); // an active bundle is started again at once: its activator may throw here
        } catch (BundleException e) {
            throw startFailure(b, e, "update-failed");
        } catch (IOException e) {
            throw new HostException("io", "the verified copy of " + name(b) + " cannot be read: " + e);
        }
        refreshIfNeeded(b, b.adapt(BundleRevisions.class).getRevisions().size() > 1);
    }

    @Override
    public void start(long id) throws HostException {
        Bundle b = bundle(id);
        try {
            b.start();
        } catch (BundleException e) {
            throw startFailure(b, e, "start-failed");
        } catch (IllegalStateException e) {
            throw new HostException("start-failed", name(b) + " was uninstalled while starting");
        }
    }

    /** A failed start or update, named for the bundle itself and what failed. */
    private static HostException startFailure(Bundle b, BundleException e, String otherRule) {
        return switch (e.getType()) {
            case BundleException.RESOLVE_ERROR -> new HostException("resolution-failed", name(b) + " does not resolve: " + message(e));
            case BundleException.ACTIVATOR_ERROR -> new HostException("activation-failed", "the activator of " + name(b) + " threw: "
                    + message(e));
            default -> new HostException(otherRule, name(b) + (otherRule.equals("update-failed") ? " could not be updated: "
                    : " could not be started: ") + message(e));
        };
    }

    @Override
    public void uninstall(long id) throws HostException {
        Bundle b = context.getBundle(id);
        if (b == null || b.getState() == Bundle.UNINSTALLED) {
            return;
        }
        try {
            b.uninstall();
        } catch (BundleException e) {
            throw new HostException("uninstall-failed", name(b) + " could not be uninstalled: " + message(e));
        }
        FrameworkWiring fw = context.getBundle(0).adapt(FrameworkWiring.class);
        refreshIfNeeded(b, fw.getRemovalPendingBundles().contains(b));
    }

    @Override
    public String state(long id) {
        Bundle b = context.getBundle(id);
        return b == null ? "UNINSTALLED" : stateName(b.getState());
    }

    @Override
    public HealthProbe probe(long id, boolean requireRun) {
        Bundle b = context.getBundle(id);
        if (b == null) {
            return () -> Verdict.failed("uninstalled", "bundle " + id + " is no longer installed");
        }
        return new OsgiHealthProbe(context, b, scr.get(), cycle.get(), requireRun);
    }

    private Bundle bundle(long id) throws HostException {
        Bundle b = context.getBundle(id);
        if (b == null) {
            throw new HostException("uninstalled", "bundle " + id + " is no longer installed");
        }
        return b;
    }

    private void refreshIfNeeded(Bundle b, boolean needed) {
        if (!needed) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b), e -> done.countDown());
        try {
            done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String name(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion();
    }

    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = String.valueOf(e.getMessage());
        return root == e ? top : top + " (" + root + ")";
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
