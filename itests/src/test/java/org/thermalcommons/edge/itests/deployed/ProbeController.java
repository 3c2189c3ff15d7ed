package org.thermalcommons.edge.itests.deployed;

import java.util.Map;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.WritePriority;

/**
 * A controller packed by {@code DeployIT} into bundles of its own (with a hand-written DS descriptor): it does nothing
 * but run, and its activation throws when its component property {@code fail} is true (the "bad update").
 */
public class ProbeController implements Controller {
    public static final String ID = "itest-deployed";

    public void activate(Map<String, Object> properties) {
        if (Boolean.parseBoolean(String.valueOf(properties.get("fail")))) {
            throw new IllegalStateException("deliberately thrown in activate by version " + properties.get("release"));
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WritePriority priority() {
        return WritePriority.OPTIMISATION;
    }

    @Override
    public void run(CycleContext context) {
        // nothing to control: it only has to run
    }
}
