package org.thermalcommons.edge.console.override;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.point.PointId;

/**
 * Manual overrides as a controller at {@link WritePriority#MANUAL_OVERRIDE}: every cycle it requests each overridden
 * point at its value, so the core's arbitration, limits and command layer carry the write to the device like any
 * other; at expiry (wall clock, not the gateway clock: "for 30 minutes" means 30 real minutes) or when cleared it
 * releases the point and lower priorities take over again. The console keeps them in its database
 * ({@link OverrideStore}) and sets them again after a restart until they expire.
 */
public final class OverrideController implements Controller {
    public static final String ID = "console-override";

    private final Clock clock;
    private final Map<PointId, ManualOverride> active = new ConcurrentHashMap<>();
    /** Points to release on the next cycle (cleared or expired). */
    private final Map<PointId, Boolean> releasing = new ConcurrentHashMap<>();
    private final Consumer<ManualOverride> onExpiry;

    public OverrideController(Clock clock, Consumer<ManualOverride> onExpiry) {
        this.clock = clock;
        this.onExpiry = onExpiry;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WritePriority priority() {
        return WritePriority.MANUAL_OVERRIDE;
    }

    public void set(ManualOverride o) {
        releasing.remove(o.point());
        active.put(o.point(), o);
    }

    /** Clears an override; the point is released on the next cycle. */
    public Optional<ManualOverride> clear(PointId point) {
        ManualOverride o = active.remove(point);
        if (o != null) {
            releasing.put(point, Boolean.TRUE);
        }
        return Optional.ofNullable(o);
    }

    public Optional<ManualOverride> get(PointId point) {
        return Optional.ofNullable(active.get(point));
    }

    public List<ManualOverride> all() {
        List<ManualOverride> list = new ArrayList<>(active.values());
        list.sort((a, b) -> a.point().compareTo(b.point()));
        return list;
    }

    @Override
    public void run(CycleContext context) {
        var now = clock.instant();
        Collection<ManualOverride> current = List.copyOf(active.values());
        for (ManualOverride o : current) {
            if (!now.isBefore(o.until())) {
                if (active.remove(o.point(), o)) {
                    releasing.put(o.point(), Boolean.TRUE);
                    onExpiry.accept(o);
                }
            }
        }
        for (PointId p : List.copyOf(releasing.keySet())) {
            if (!active.containsKey(p)) {
                context.release(p);
            }
            releasing.remove(p);
        }
        for (ManualOverride o : active.values()) {
            context.request(o.point(), o.value());
        }
    }
}
