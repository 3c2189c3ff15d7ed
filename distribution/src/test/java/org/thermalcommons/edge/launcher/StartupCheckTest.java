package org.thermalcommons.edge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceException;
import org.osgi.framework.ServiceReference;

/** The start-up check against a framework of test doubles: which parts are required and how problems are named. */
class StartupCheckTest {
    /** A bundle context whose services are the given objects by interface name; no bundles. */
    static BundleContext context(Map<String, Object> services) {
        return (BundleContext) Proxy.newProxyInstance(StartupCheckTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getAllServiceReferences" -> services.containsKey((String) args[0])
                            ? new ServiceReference<?>[] {reference(services.get((String) args[0]))} : null;
                    case "getService" -> ((Holder) Proxy.getInvocationHandler(args[0])).service;
                    case "getBundles" -> new Bundle[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    record Holder(Object service) implements java.lang.reflect.InvocationHandler {
        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
            throw new UnsupportedOperationException(method.getName());
        }
    }

    static ServiceReference<?> reference(Object service) {
        return (ServiceReference<?>) Proxy.newProxyInstance(StartupCheckTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, new Holder(service));
    }

    /** Shaped like api.health.HealthIndicator and Health, which the launcher only knows by name. */
    public interface Indicator {
        String component();

        boolean required();

        Status health();
    }

    public record Status(String status, String detail) {
    }

    static Object indicator(String name, boolean required, String status) {
        return new Indicator() {
            public String component() {
                return name;
            }

            public boolean required() {
                return required;
            }

            public Status health() {
                return new Status(status, "storage failed: /var/lib/edge is read-only");
            }
        };
    }

    @Test
    void theCycleAndTheStoreAreRequiredWhenTheirFeaturesAreEnabled() {
        BundleContext ctx = context(Map.of());
        assertThat(StartupCheck.missingParts(ctx, List.of("runtime", "core", "store"))).containsExactly(
                "required part missing: no ControlCycle service (feature core)",
                "required part missing: no TimeSeriesStore service (feature store)");
        assertThat(StartupCheck.missingParts(ctx, List.of("runtime"))).isEmpty();
    }

    @Test
    void aRequiredIndicatorReportingDownIsAMissingPartButAnOptionalOneIsNot() {
        assertThat(StartupCheck.missingParts(context(Map.of(StartupCheck.HEALTH, indicator("store", true, "DOWN"))), List.of()))
                .containsExactly("required part store is DOWN: storage failed: /var/lib/edge is read-only");
        assertThat(StartupCheck.missingParts(context(Map.of(StartupCheck.HEALTH, indicator("market", false, "DOWN"))), List.of()))
                .isEmpty();
        assertThat(StartupCheck.missingParts(context(Map.of(StartupCheck.HEALTH, indicator("store", true, "DEGRADED"))), List.of()))
                .isEmpty();
    }

    @Test
    void aMissingPartIsWaitedForWithinTheBoundAndThenNamed() throws Exception {
        long t0 = System.nanoTime();
        List<String> problems = new StartupCheck().await(context(Map.of()), List.of("core"), 200);
        assertThat(problems).containsExactly("required part missing: no ControlCycle service (feature core) (waited 0.2 s)");
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }

    @Test
    void aServiceFactoryErrorIsNotBlamedOnTheBundleThatAskedForTheService() throws Exception {
        StartupCheck check = new StartupCheck();
        Bundle core = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> m.getName().equals("getSymbolicName") ? "org.thermalcommons.edge.core" : null);
        check.frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, core,
                new ServiceException("Service factory returned null.", ServiceException.FACTORY_ERROR)));
        assertThat(check.await(context(Map.of()), List.of(), 10)).isEmpty();

        check.frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, core, new IllegalStateException("activator threw")));
        assertThat(check.await(context(Map.of()), List.of(), 10))
                .containsExactly("bundle org.thermalcommons.edge.core failed to start: activator threw");
    }

    @Test
    void aBundleFromDeployThatFailsIsLeftToTheDeploymentManagerAndDoesNotStopTheStart() throws Exception {
        StartupCheck check = new StartupCheck();
        Bundle plugin = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> "org.example.plugin";
                    case "getLocation" -> "deploy:org.example.plugin";
                    default -> null;
                });
        check.frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, plugin, new IllegalStateException("activator threw")));
        assertThat(check.await(context(Map.of()), List.of(), 10)).isEmpty();
        assertThat(StartupCheck.isDeployed(plugin)).isTrue();
    }
}
