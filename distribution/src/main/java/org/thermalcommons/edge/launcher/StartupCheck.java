package org.thermalcommons.edge.launcher;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceException;
import org.osgi.framework.ServiceReference;

/**
 * Decides whether the gateway has started: every bundle active, no component that failed to activate, the required
 * parts of the enabled features registered (the cycle for {@code core}, the store for {@code store}), and no
 * required {@code api.health.HealthIndicator} reporting DOWN, all within a bounded time. Each problem names the
 * bundle (and component) it concerns, never the bundle that happened to be starting. Bundles from {@code deploy/}
 * (location {@value #DEPLOYED}) are left out: the deployment manager judges, reports and rolls them back itself, and a
 * bad plugin must not stop the gateway. The launcher only sees framework types, so gateway services are looked at by
 * name and reflection.
 */
final class StartupCheck implements FrameworkListener {
    /** Services the gateway cannot run without, by the feature that brings them. */
    static final Map<String, String> REQUIRED_SERVICES = new java.util.TreeMap<>(Map.of(
            "core", "org.thermalcommons.edge.api.control.ControlCycle",
            "store", "org.thermalcommons.edge.api.store.TimeSeriesStore"));
    static final String HEALTH = "org.thermalcommons.edge.api.health.HealthIndicator";
    static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final int FAILED_ACTIVATION = 16;
    /** Location prefix of the bundles the deployment manager installed from deploy/. */
    static final String DEPLOYED = "deploy:";

    private final List<String> frameworkErrors = new CopyOnWriteArrayList<>();

    /** Collects the framework's errors during start-up, each naming the bundle it is about. */
    @Override
    public void frameworkEvent(FrameworkEvent e) {
        if (e.getType() == FrameworkEvent.ERROR) {
            if (e.getThrowable() instanceof ServiceException se && (se.getType() == ServiceException.FACTORY_ERROR
                    || se.getType() == ServiceException.FACTORY_EXCEPTION)) {
                // Reported against the bundle that asked for the service, not the one whose component failed: the
                // failed component itself is named by failedComponents().
                return;
            }
            Bundle b = e.getBundle();
            if (isDeployed(b)) {
                return;
            }
            frameworkErrors.add("bundle " + (b == null ? "?" : b.getSymbolicName()) + " failed to start: "
                    + (e.getThrowable() == null ? "" : Launcher.rootMessage(e.getThrowable())));
        }
    }

    /**
     * Waits until the gateway is complete or {@code timeoutMs} passed; returns the problems (empty: started). Failed
     * bundles and components end the wait at once; missing required parts are waited for, and a required part that
     * reports DOWN ends the wait once it has stayed DOWN for {@link #DOWN_GRACE_MS} (a part may be DOWN for a moment
     * while it starts; one that cannot work, like a store with an unwritable directory, says so at once and stays so).
     */
    static final long DOWN_GRACE_MS = 5_000;

    List<String> await(BundleContext ctx, List<String> features, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long downSince = 0;
        while (true) {
            List<String> fatal = new ArrayList<>(frameworkErrors);
            fatal.addAll(inactiveBundles(ctx));
            fatal.addAll(failedComponents(ctx));
            if (!fatal.isEmpty()) {
                return fatal;
            }
            List<String> missing = missingParts(ctx, features);
            if (missing.isEmpty()) {
                return List.of();
            }
            boolean down = missing.stream().anyMatch(m -> m.contains(" is DOWN: "));
            long now = System.nanoTime();
            downSince = !down ? 0 : downSince == 0 ? now : downSince;
            if (down && now - downSince > TimeUnit.MILLISECONDS.toNanos(DOWN_GRACE_MS)) {
                List<String> out = new ArrayList<>();
                for (String m : missing) {
                    if (m.contains(" is DOWN: ")) {
                        out.add(m);
                    }
                }
                return out;
            }
            if (now > deadline) {
                List<String> out = new ArrayList<>();
                for (String m : missing) {
                    out.add(m + " (waited " + timeoutMs / 1000.0 + " s)");
                }
                return out;
            }
            Thread.sleep(50); // polling the framework with a deadline, not waiting for a condition blindly
        }
    }

    static List<String> inactiveBundles(BundleContext ctx) {
        List<String> out = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            if (b.getBundleId() != 0 && b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null
                    && b.getState() != Bundle.STARTING && !isDeployed(b)) {
                out.add("bundle " + b.getSymbolicName() + " is not active (state " + state(b.getState()) + ")");
            }
        }
        return out;
    }

    /** Whether the deployment manager installed {@code b} from deploy/. */
    static boolean isDeployed(Bundle b) {
        return b != null && String.valueOf(b.getLocation()).startsWith(DEPLOYED);
    }

    /** Components that failed to activate, each named with its own bundle and the failure. */
    static List<String> failedComponents(BundleContext ctx) {
        List<String> out = new ArrayList<>();
        for (Object scr : services(ctx, SCR)) {
            try {
                Method descriptions = publicMethod(scr, "getComponentDescriptionDTOs", Bundle[].class);
                for (Object d : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                    Method configs = publicMethod(scr, "getComponentConfigurationDTOs", d.getClass());
                    for (Object c : (Collection<?>) configs.invoke(scr, d)) {
                        Object bundle = field(d, "bundle");
                        Bundle owner = field(bundle, "id") instanceof Long id ? ctx.getBundle(id) : null;
                        if (isDeployed(owner)) {
                            continue;
                        }
                        if (field(c, "state") instanceof Integer s && s == FAILED_ACTIVATION) {
                            out.add("component " + field(d, "name") + " of bundle " + field(bundle, "symbolicName")
                                    + " failed to activate: " + firstLine(String.valueOf(field(c, "failure"))));
                        }
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                out.add("cannot inspect the components (" + e + ")");
            }
        }
        return out;
    }

    /** Required services not registered, and required health indicators reporting DOWN. */
    static List<String> missingParts(BundleContext ctx, List<String> features) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> r : REQUIRED_SERVICES.entrySet()) {
            if (features.contains(r.getKey()) && services(ctx, r.getValue()).isEmpty()) {
                out.add("required part missing: no " + r.getValue().substring(r.getValue().lastIndexOf('.') + 1)
                        + " service (feature " + r.getKey() + ")");
            }
        }
        for (Object h : services(ctx, HEALTH)) {
            try {
                if (Boolean.TRUE.equals(publicMethod(h, "required").invoke(h))) {
                    Object health = publicMethod(h, "health").invoke(h);
                    Object status = publicMethod(health, "status").invoke(health);
                    if ("DOWN".equals(String.valueOf(status))) {
                        out.add("required part " + publicMethod(h, "component").invoke(h) + " is DOWN: "
                                + publicMethod(health, "detail").invoke(health));
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                out.add("a health indicator cannot be read (" + e + ")");
            }
        }
        return out;
    }

    private static List<Object> services(BundleContext ctx, String name) {
        List<Object> out = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = ctx.getAllServiceReferences(name, null);
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    Object s = ctx.getService(r);
                    if (s != null) {
                        out.add(s);
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** A public method reachable through a public type (implementation classes are often package-private). */
    private static Method publicMethod(Object target, String name, Class<?>... params) throws NoSuchMethodException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> t : typesOf(c)) {
                if (java.lang.reflect.Modifier.isPublic(t.getModifiers())) {
                    try {
                        return t.getMethod(name, params);
                    } catch (NoSuchMethodException e) {
                        // try the next type
                    }
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name);
    }

    private static List<Class<?>> typesOf(Class<?> c) {
        List<Class<?>> out = new ArrayList<>();
        out.add(c);
        for (Class<?> i : c.getInterfaces()) {
            out.addAll(typesOf(i));
        }
        return out;
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getField(name);
        return f.get(o);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.INSTALLED -> "installed: its imports are not resolved";
            case Bundle.RESOLVED -> "resolved, not started";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> String.valueOf(s);
        };
    }
}
