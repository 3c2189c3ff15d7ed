package org.thermalcommons.edge.console.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;

/**
 * {@code /health}: every {@link HealthIndicator}'s status, and the overall verdict. The gateway is DOWN (HTTP 503)
 * when a required component reports DOWN, or when a component the console requires (by default {@code cycle} and
 * {@code store}) has no indicator at all; DEGRADED when anything is not UP; else UP.
 *
 * @param status     overall
 * @param components per component: status, detail, required
 */
public record HealthReport(Health.Status status, Map<String, Map<String, Object>> components) {

    public static HealthReport of(Collection<HealthIndicator> indicators, Set<String> required) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        Health.Status overall = Health.Status.UP;
        List<String> seen = new ArrayList<>();
        for (HealthIndicator i : indicators) {
            String name;
            Health h;
            boolean req;
            try {
                name = i.component();
                req = i.required() || required.contains(name);
                h = i.health();
            } catch (RuntimeException e) {
                name = i.getClass().getName();
                req = true;
                h = Health.down("health check threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            seen.add(name);
            overall = worse(overall, h.status() == Health.Status.DOWN && !req ? Health.Status.DEGRADED : h.status());
            out.put(name, entry(h.status(), h.detail(), req));
        }
        for (String r : required) {
            if (!seen.contains(r)) {
                overall = Health.Status.DOWN;
                out.put(r, entry(Health.Status.DOWN, "required component '" + r + "' is missing (no health indicator)", true));
            }
        }
        return new HealthReport(overall, out);
    }

    public int httpStatus() {
        return status == Health.Status.DOWN ? 503 : 200;
    }

    private static Map<String, Object> entry(Health.Status s, String detail, boolean required) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.name());
        m.put("detail", detail);
        m.put("required", required);
        return m;
    }

    private static Health.Status worse(Health.Status a, Health.Status b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
