package org.thermalcommons.edge.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.deploy.BundleHost.Verdict;

/**
 * Whether a deployed bundle works: it is ACTIVE; none of its DS components failed to activate (FAILED at once) and all
 * are satisfied (ServiceComponentRuntime); each controller it registers is not isolated by the cycle (FAILED) and,
 * when asked, has run since the probe was made; each health indicator it registers reports UP.
 */
final class OsgiHealthProbe implements BundleHost.HealthProbe {
    private final BundleContext context;
    private final Bundle bundle;
    private final ServiceComponentRuntime scr;
    private final ControlCycle cycle;
    private final boolean requireRun;
    private final Map<String, Long> runsBefore = new HashMap<>();

    OsgiHealthProbe(BundleContext context, Bundle bundle, ServiceComponentRuntime scr, ControlCycle cycle, boolean requireRun) {
        this.context = context;
        this.bundle = bundle;
        this.scr = scr;
        this.cycle = cycle;
        this.requireRun = requireRun;
        if (cycle != null) {
            cycle.statistics().controllers().forEach((id, s) -> runsBefore.put(id, s.runs()));
        }
    }

    @Override
    public Verdict check() {
        String name = OsgiBundleHost.name(bundle);
        if (bundle.getState() != Bundle.ACTIVE) {
            return Verdict.waiting(name + " is " + OsgiBundleHost.stateName(bundle.getState()) + ", not ACTIVE");
        }
        if (scr != null) {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
                if (!scr.isComponentEnabled(d)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        return Verdict.failed("activation-failed", "component " + d.name + " of bundle " + name
                                + " failed to activate: " + firstLine(c.failure));
                    }
                    if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                            || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                        return Verdict.waiting("component " + d.name + " of bundle " + name + " is unsatisfied"
                                + missing(c.unsatisfiedReferences));
                    }
                }
            }
        }
        ServiceReference<?>[] services = bundle.getRegisteredServices();
        for (ServiceReference<?> r : services == null ? new ServiceReference<?>[0] : services) {
            List<String> types = List.of((String[]) r.getProperty(Constants.OBJECTCLASS));
            Verdict v = types.contains(Controller.class.getName()) ? controller(r, name)
                    : types.contains(HealthIndicator.class.getName()) ? indicator(r, name) : Verdict.healthy();
            if (v.status() != Verdict.Status.HEALTHY) {
                return v;
            }
        }
        return Verdict.healthy();
    }

    private Verdict controller(ServiceReference<?> r, String name) {
        Object service = get(r);
        if (!(service instanceof Controller c)) {
            return Verdict.waiting("the controller service of " + name + " cannot be obtained");
        }
        try {
            String id = c.id();
            if (cycle == null) {
                return Verdict.healthy();
            }
            CycleStatistics.ControllerStatistics s = cycle.statistics().controllers().get(id);
            if (s != null && s.isolated()) {
                return Verdict.failed("controller-isolated", "controller " + id + " of bundle " + name
                        + " is isolated by the cycle (" + s.failures() + " failures, " + s.budgetOverruns() + " budget overruns)");
            }
            if (requireRun && (s == null || s.runs() <= runsBefore.getOrDefault(id, 0L))) {
                return Verdict.waiting("controller " + id + " of bundle " + name + " has not run yet");
            }
            return Verdict.healthy();
        } catch (RuntimeException e) {
            return Verdict.failed("controller-failed", "controller of bundle " + name + " threw: " + e);
        } finally {
            context.ungetService(r);
        }
    }

    private Verdict indicator(ServiceReference<?> r, String name) {
        Object service = get(r);
        if (!(service instanceof HealthIndicator h)) {
            return Verdict.waiting("the health indicator of " + name + " cannot be obtained");
        }
        try {
            Health health = h.health();
            return health.status() == Health.Status.UP ? Verdict.healthy()
                    : Verdict.waiting(h.component() + " of bundle " + name + " is " + health.status() + ": " + health.detail());
        } catch (RuntimeException e) {
            return Verdict.waiting("the health indicator of " + name + " threw: " + e);
        } finally {
            context.ungetService(r);
        }
    }

    private Object get(ServiceReference<?> r) {
        try {
            return context.getService(r);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String missing(UnsatisfiedReferenceDTO[] refs) {
        if (refs == null || refs.length == 0) {
            return " (no configuration)";
        }
        StringBuilder b = new StringBuilder(": missing");
        for (UnsatisfiedReferenceDTO u : refs) {
            b.append(' ').append(u.name);
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "?";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

}
