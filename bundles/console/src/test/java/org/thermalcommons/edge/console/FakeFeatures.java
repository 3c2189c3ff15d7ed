package org.thermalcommons.edge.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.thermalcommons.edge.api.deploy.FeatureChange;
import org.thermalcommons.edge.api.deploy.FeatureInfo;
import org.thermalcommons.edge.api.deploy.FeatureManager;

/** Features as the console sees them: a few on and off; {@code core} cannot be turned off. */
final class FakeFeatures implements FeatureManager {
    final Map<String, Boolean> enabled = new ConcurrentHashMap<>(Map.of("core", true, "bess", true, "market", false));

    @Override
    public List<FeatureInfo> features() {
        List<FeatureInfo> out = new ArrayList<>();
        for (String n : List.of("core", "bess", "market")) {
            boolean on = enabled.get(n);
            out.add(new FeatureInfo(n, n + " feature", on, on, n.equals("core") && on ? "the gateway cannot run without core" : "",
                    List.of(), List.of("org.thermalcommons.edge:" + n + ":0.1.0")));
        }
        return out;
    }

    private List<String> list() {
        return enabled.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public FeatureChange enable(String name) {
        return change(name, true);
    }

    @Override
    public FeatureChange disable(String name) {
        return change(name, false);
    }

    private FeatureChange change(String name, boolean on) {
        if (!enabled.containsKey(name)) {
            return new FeatureChange(Instant.now(), name, FeatureChange.Outcome.REFUSED, "unknown-feature", "there is no feature " + name,
                    List.of(), List.of(), list());
        }
        if (name.equals("core") && !on) {
            return new FeatureChange(Instant.now(), name, FeatureChange.Outcome.REFUSED, "required-feature",
                    "core cannot be turned off: the gateway cannot run without it", List.of(), List.of(), list());
        }
        enabled.put(name, on);
        List<String> bundle = List.of("org.thermalcommons.edge:" + name + ":0.1.0");
        return new FeatureChange(Instant.now(), name, on ? FeatureChange.Outcome.ENABLED : FeatureChange.Outcome.DISABLED, "",
                name + (on ? " is on" : " is off"), on ? bundle : List.of(), on ? List.of() : bundle, list());
    }
}
