package org.thermalcommons.edge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Issue 9: after start-up, a component that throws in activate when the core asks for its service reaches the
 * framework as a service factory error of the core; the launcher names the failed component and its own bundle.
 */
class RunningListenerTest {
    static Bundle bundle(String bsn, String location) {
        return (Bundle) Proxy.newProxyInstance(RunningListenerTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> bsn;
                    case "getLocation" -> location;
                    default -> null;
                });
    }

    /** A framework whose SCR knows one component, of bundle 7, that failed to activate. */
    static BundleContext context(Bundle owner) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = "org.example.Broken";
        d.bundle = new BundleDTO();
        d.bundle.id = 7;
        d.bundle.symbolicName = "org.example.plugin";
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = ComponentConfigurationDTO.FAILED_ACTIVATION;
        c.failure = "java.lang.IllegalStateException: boom\n\tat org.example.Broken.activate(Broken.java:9)";
        Object scr = Proxy.newProxyInstance(RunningListenerTest.class.getClassLoader(), new Class<?>[] {ServiceComponentRuntime.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getComponentDescriptionDTOs" -> List.of(d);
                    case "getComponentConfigurationDTOs" -> List.of(c);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ServiceReference<?> ref = StartupCheckTest.reference(scr);
        return (BundleContext) Proxy.newProxyInstance(RunningListenerTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getAllServiceReferences" -> StartupCheck.SCR.equals(args[0]) ? new ServiceReference<?>[] {ref} : null;
                    case "getService" -> scr;
                    case "getBundle" -> owner;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static String errorsOf(BundleContext ctx, int events) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            RunningListener listener = new RunningListener(ctx);
            Bundle core = bundle("org.thermalcommons.edge.core", "file:/bundles/core.jar");
            for (int i = 0; i < events; i++) {
                listener.frameworkEvent(new FrameworkEvent(FrameworkEvent.ERROR, core,
                        new ServiceException("Service factory returned null.", ServiceException.FACTORY_ERROR)));
            }
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aComponentThatThrowsInActivateIsNamedWithItsOwnBundleOnceNotTheCoreThatAskedForIt() {
        String err = errorsOf(context(bundle("org.example.plugin", "file:/bundles/plugin.jar")), 3);
        assertThat(err.lines()).containsExactly("cool-edge: component org.example.Broken of bundle org.example.plugin failed"
                + " to activate: java.lang.IllegalStateException: boom (the other bundles keep running)");
        assertThat(err).doesNotContain("edge.core");
    }

    @Test
    void aFailingBundleFromDeployIsLeftToTheDeploymentManager() {
        assertThat(errorsOf(context(bundle("org.example.plugin", "deploy:org.example.plugin")), 1)).isEmpty();
    }
}
