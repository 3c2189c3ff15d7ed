package org.thermalcommons.edge.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.Call;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.http.Validation;
import org.thermalcommons.edge.console.live.LiveHub;
import org.thermalcommons.edge.console.override.ManualOverride;
import org.thermalcommons.edge.console.override.OverrideController;
import org.thermalcommons.edge.console.override.OverrideStore;

/**
 * Manual overrides (installers and admins): a writable point held at a value within its limits for a limited time,
 * written through the core at MANUAL_OVERRIDE priority by the {@link OverrideController}; set only with
 * {@code confirm: true}; kept in the console's database until they expire (a restart sets them again); every set,
 * clear and expiry audited and streamed.
 */
final class OverrideRoutes {
    private final Gateway gateway;
    private final OverrideController controller;
    private final OverrideStore store;
    private final Auditor audit;
    private final LiveHub hub;
    private final Clock clock;
    private final Duration maxDuration;

    OverrideRoutes(Gateway gateway, OverrideController controller, OverrideStore store, Auditor audit, LiveHub hub,
                   Clock clock, Duration maxDuration) {
        this.gateway = gateway;
        this.controller = controller;
        this.store = store;
        this.audit = audit;
        this.hub = hub;
        this.clock = clock;
        this.maxDuration = maxDuration;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/overrides", ConsoleRole.VIEWER, c -> controller.all().stream().map(OverrideRoutes::view).toList()),
                Route.mutate("POST", "/overrides", ConsoleRole.INSTALLER, this::set),
                Route.mutate("DELETE", "/overrides/{device}/{name}", ConsoleRole.INSTALLER, this::clear));
    }

    private Object set(Call c) {
        Validation v = new Validation(c.body());
        v.only("point", "value", "minutes", "confirm");
        String pointText = v.text("point", java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}/[A-Za-z0-9_.-]{1,64}"),
                "must be device/name");
        double value = v.number("value", -1e9, 1e9);
        double minutes = v.number("minutes", 1, maxDuration.toMinutes());
        boolean confirm = v.flag("confirm");
        if (!confirm) {
            v.fail("confirm", "must be true: an override takes the point away from automatic control");
        }
        v.check();
        PointId id = PointId.parse(pointText);
        PointSnapshot snap = gateway.snapshot().orElseThrow(() -> new ApiException(503, "no cycle has run yet"));
        PointDefinition d = snap.definition(id).orElseThrow(() -> new ApiException(404, "no point " + id,
                Map.of("point", "is not a known point")));
        if (!d.writable()) {
            v.fail("point", "is read-only");
        } else if (!d.limits().contains(value)) {
            v.fail("value", "must be within the point's limits " + d.limits().min() + ".." + d.limits().max() + " " + d.unit().symbol());
        }
        if (minutes != Math.rint(minutes)) {
            v.fail("minutes", "must be a whole number of minutes");
        }
        v.check();
        Instant now = clock.instant();
        ManualOverride o = new ManualOverride(id, value, now.plus(Duration.ofMinutes((long) minutes)), c.user().username(), now);
        store.save(o);
        controller.set(o);
        audit.record(c.user(), id.toString(), "set manual override " + id + " = " + value + " " + d.unit().symbol()
                + " until " + o.until() + " (" + (long) minutes + " min, priority MANUAL_OVERRIDE)");
        hub.publish("overrides", controller.all().stream().map(OverrideRoutes::view).toList());
        c.response().setStatus(201);
        return view(o);
    }

    private Object clear(Call c) {
        PointId id;
        try {
            id = new PointId(c.param(0), c.param(1));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage(), Map.of("point", e.getMessage()));
        }
        ManualOverride o = controller.clear(id).orElseThrow(() -> ApiException.notFound("no override on " + id));
        store.remove(id);
        audit.record(c.user(), id.toString(), "cleared manual override " + id + " (was " + o.value() + ", set by " + o.by() + ")");
        hub.publish("overrides", controller.all().stream().map(OverrideRoutes::view).toList());
        return view(o);
    }

    static Map<String, Object> view(ManualOverride o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", o.point().toString());
        m.put("value", o.value());
        m.put("until", o.until().toEpochMilli());
        m.put("by", o.by());
        m.put("set", o.set().toEpochMilli());
        return m;
    }
}
