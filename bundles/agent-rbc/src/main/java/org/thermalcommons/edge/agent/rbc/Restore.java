package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Staggered restore (no rebound peak): a zone's target setpoint may rise at once (shedding takes effect within the
 * cycle), but it comes down only as a ramp of {@code restoreStep} per interval, and a zone starts its ramp at most once
 * every {@code stagger} after another zone started one. When stress ends, the shed zones therefore pull down one after
 * another instead of all switching their cooling to full at the same minute; the same holds for pre-cooling. Comfort
 * corrections (a zone outside its band) are not held back by this: they act on top of the ramped target. Cycle thread
 * only.
 */
final class Restore {
    private final Map<String, Double> ramped = new HashMap<>();
    private final Set<String> ramping = new LinkedHashSet<>();
    private Instant lastStart;

    /**
     * The target to hold this cycle for a zone whose rules ask for {@code target}.
     *
     * @param maxMove how far a ramp may come down this cycle (°C)
     */
    double step(String device, double target, Instant now, double maxMove, Duration stagger) {
        Double current = ramped.get(device);
        if (current == null || target >= current) {
            ramped.put(device, target);
            ramping.remove(device);
            return target;
        }
        if (!ramping.contains(device)) {
            if (lastStart != null && Duration.between(lastStart, now).compareTo(stagger) < 0) {
                return current; // waits for its turn to come down
            }
            ramping.add(device);
            lastStart = now;
        }
        double next = Math.max(target, current - maxMove);
        if (next <= target) {
            ramping.remove(device);
        }
        ramped.put(device, next);
        return next;
    }

    /** Zones above their rules' target: ramping down or waiting to start. */
    int pending(Map<String, Double> targets) {
        int n = 0;
        for (Map.Entry<String, Double> t : targets.entrySet()) {
            Double r = ramped.get(t.getKey());
            if (r != null && r > t.getValue() + 1e-9) {
                n++;
            }
        }
        return n;
    }

    /** Forgets zones that went away. */
    void retain(Set<String> devices) {
        ramped.keySet().retainAll(devices);
        ramping.retainAll(devices);
    }
}
