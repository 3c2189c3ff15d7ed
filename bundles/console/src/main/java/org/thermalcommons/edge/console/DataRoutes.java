package org.thermalcommons.edge.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.Bucket;
import org.thermalcommons.edge.api.store.Series;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.Call;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.live.Views;
import org.thermalcommons.edge.console.override.OverrideController;

/** Read-only views for every signed-in role: points, overview, battery, chart history, events. */
final class DataRoutes {
    /** Most audit events one events query scans (then filters and pages in memory). */
    static final int EVENTS_SCAN_LIMIT = 10_000;
    static final int MAX_CHART_POINTS = 5_000;

    private final Gateway gateway;
    private final OverrideController overrides;
    private final Clock clock;
    private final MarketRoutes market;
    private final EnergyRoutes energy;

    DataRoutes(Gateway gateway, OverrideController overrides, Clock clock) {
        this.gateway = gateway;
        this.overrides = overrides;
        this.clock = clock;
        this.market = new MarketRoutes(gateway, this::snapshot);
        this.energy = new EnergyRoutes(gateway, this::snapshot);
    }

    List<Route> routes() {
        List<Route> all = new ArrayList<>(market.routes());
        all.addAll(energy.routes());
        all.addAll(List.of(
                Route.get("/points", ConsoleRole.VIEWER, c -> points()),
                Route.get("/overview", ConsoleRole.VIEWER, c -> overview()),
                Route.get("/battery", ConsoleRole.VIEWER, c -> battery()),
                Route.get("/history", ConsoleRole.VIEWER, this::history),
                Route.get("/events", ConsoleRole.VIEWER, this::events)));
        return all;
    }

    PointSnapshot snapshot() {
        return gateway.snapshot().orElseGet(() -> new PointSnapshot(clock.instant(), Map.of(), Map.of()));
    }

    List<Map<String, Object>> points() {
        PointSnapshot snap = snapshot();
        List<Map<String, Object>> out = new ArrayList<>();
        snap.definitions().values().stream().sorted(Comparator.comparing(PointDefinition::id)).forEach(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id().toString());
            m.put("device", d.id().device());
            m.put("name", d.id().name());
            m.put("role", d.role().brickClass());
            m.put("unit", d.unit().symbol());
            m.put("writable", d.writable());
            m.put("min", d.limits().min() > -Double.MAX_VALUE ? d.limits().min() : null);
            m.put("max", d.limits().max() < Double.MAX_VALUE ? d.limits().max() : null);
            snap.value(d.id()).ifPresent(v -> m.put("value", Views.value(v)));
            gateway.commands().flatMap(r -> r.command(d.id())).ifPresent(cmd -> m.put("command", Views.command(cmd)));
            overrides.get(d.id()).ifPresent(o -> m.put("override", OverrideRoutes.view(o)));
            out.add(m);
        });
        return out;
    }

    private Map<String, Object> overview() {
        PointSnapshot snap = snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", snap.takenAt().toEpochMilli());
        List<Map<String, Object>> zones = new ArrayList<>();
        for (PointDefinition t : snap.withRole(Role.ZONE_AIR_TEMPERATURE_SENSOR)) {
            Map<String, Object> z = new LinkedHashMap<>();
            z.put("device", t.id().device());
            z.put("temperature", ref(snap, t.id()));
            snap.onDevice(t.id().device(), Role.ZONE_AIR_HUMIDITY_SENSOR).ifPresent(h -> z.put("humidity", ref(snap, h.id())));
            zones.add(z);
        }
        m.put("zones", zones);
        m.put("load", all(snap, Role.BUILDING_LOAD_POWER_SENSOR));
        m.put("pv", all(snap, Role.PV_POWER_SENSOR));
        m.put("grid", all(snap, Role.GRID_POWER_SENSOR));
        m.put("batterySoc", all(snap, Role.BATTERY_SOC));
        m.put("batteryPower", all(snap, Role.BATTERY_POWER_SENSOR));
        m.put("gridStress", all(snap, Role.GRID_STRESS_LEVEL));
        m.put("market", market.summary());
        return m;
    }

    private Map<String, Object> battery() {
        PointSnapshot snap = snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("soc", all(snap, Role.BATTERY_SOC));
        m.put("power", all(snap, Role.BATTERY_POWER_SENSOR));
        m.put("setpoint", all(snap, Role.BATTERY_POWER_SETPOINT));
        List<Map<String, Object>> plan = new ArrayList<>();
        snap.definitions().values().stream().filter(d -> d.id().device().equals("bess"))
                .sorted(Comparator.comparing(PointDefinition::id)).forEach(d -> plan.add(ref(snap, d.id())));
        m.put("plan", plan);
        snap.value(PointId.of("bess", "mode")).ifPresent(v -> m.put("mode", modeName(v.value())));
        snap.value(PointId.of("bess", "cycle-budget-used")).ifPresent(v -> m.put("cycleBudgetUsedPercent", v.value()));
        snap.value(PointId.of("bess", "marginal-value")).ifPresent(v -> m.put("marginalValue", v.value()));
        snap.value(PointId.of("bess", "import-price")).ifPresent(v -> m.put("importPrice", v.value()));
        gateway.market().ifPresent(a -> m.put("priceForecast", MarketRoutes.forecast(a)));
        gateway.commands().ifPresent(r -> m.put("commands", r.commands().stream()
                .filter(c -> snap.definition(c.point()).map(d -> d.role().equals(Role.BATTERY_POWER_SETPOINT)).orElse(false))
                .map(Views::command).toList()));
        return m;
    }

    /** The dispatcher's {@code bess/mode} point: 0 the LP planner, 1 + k template Tk. */
    static String modeName(double code) {
        int k = (int) Math.round(code);
        return k == 0 ? "LP" : k >= 1 && k <= 7 ? "template T" + (k - 1) : "unknown (" + code + ")";
    }

    private Object history(Call c) {
        PointId id = pointParam(c, "point");
        Instant to = instantParam(c, "to").orElse(clock.instant());
        Instant from = instantParam(c, "from").orElse(to.minus(Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw new ApiException(400, "from must be before to", Map.of("from", "must be before to"));
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(3700)) > 0) {
            throw new ApiException(400, "span is longer than 10 years", Map.of("from", "span at most 10 years"));
        }
        int budget = intParam(c, "points", 3, MAX_CHART_POINTS).orElse(2_000);
        var store = gateway.store().orElseThrow(() -> new ApiException(503, "no store is installed: no history"));
        Series s = store.chart(id, from, to, budget);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", id.toString());
        m.put("kind", s.kind().name());
        m.put("unit", s.unit().symbol());
        m.put("resolution", s.resolution().name());
        m.put("sourceBuckets", s.sourceBuckets());
        int n = s.buckets().size();
        long[] t = new long[n];
        // Single precision is what devices report (float32 registers and BACnet REAL): it halves the answer's size.
        float[] v = new float[n];
        float[] lo = new float[n];
        float[] hi = new float[n];
        for (int i = 0; i < n; i++) {
            Bucket b = s.buckets().get(i);
            t[i] = b.start().toEpochMilli();
            v[i] = (float) b.value(s.kind());
            lo[i] = (float) b.min();
            hi[i] = (float) b.max();
        }
        m.put("t", t);
        m.put("v", v);
        m.put("min", lo);
        m.put("max", hi);
        return m;
    }

    private Object events(Call c) {
        Instant to = instantParam(c, "to").orElse(clock.instant().plusSeconds(1));
        Instant from = instantParam(c, "from").orElse(to.minus(Duration.ofDays(7)));
        Optional<String> category = c.query("category");
        Optional<String> text = c.query("q");
        int page = intParam(c, "page", 0, 1_000).orElse(0);
        int size = intParam(c, "size", 1, 200).orElse(50);
        var audit = gateway.audit().orElseThrow(() -> new ApiException(503, "no store is installed: no audit log"));
        List<AuditEvent> scanned = audit.since(from, EVENTS_SCAN_LIMIT);
        List<AuditEvent> matching = new ArrayList<>();
        for (int i = scanned.size() - 1; i >= 0; i--) {
            AuditEvent e = scanned.get(i);
            if (e.at().isBefore(to) && category.map(e.category()::equals).orElse(true)
                    && text.map(q -> (e.subject() + " " + e.message()).toLowerCase().contains(q.toLowerCase())).orElse(true)) {
                matching.add(e);
            }
        }
        int start = Math.min(matching.size(), page * size);
        List<Map<String, Object>> rows = matching.subList(start, Math.min(matching.size(), start + size)).stream()
                .map(Auditor::view).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", rows);
        m.put("page", page);
        m.put("total", matching.size());
        m.put("truncated", scanned.size() >= EVENTS_SCAN_LIMIT);
        return m;
    }

    private static Map<String, Object> ref(PointSnapshot snap, PointId id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        snap.definition(id).ifPresent(d -> m.put("unit", d.unit().symbol()));
        snap.value(id).map(Views::value).ifPresent(v -> m.put("value", v));
        return m;
    }

    private static List<Map<String, Object>> all(PointSnapshot snap, Role role) {
        return snap.withRole(role).stream().map(d -> ref(snap, d.id())).toList();
    }

    static PointId pointParam(Call c, String name) {
        String text = c.query(name).orElseThrow(() -> new ApiException(400, "query parameter '" + name + "' is required",
                Map.of(name, "is required (device/name)")));
        try {
            return PointId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage(), Map.of(name, e.getMessage()));
        }
    }

    private static Optional<Instant> instantParam(Call c, String name) {
        try {
            return c.query(name).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "query parameter '" + name + "' must be an ISO-8601 instant",
                    Map.of(name, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z"));
        }
    }

    static Optional<Integer> intParam(Call c, String name, int min, int max) {
        Optional<String> t = c.query(name);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            int v = Integer.parseInt(t.get());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return Optional.of(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "query parameter '" + name + "' must be an integer " + min + ".." + max,
                    Map.of(name, "must be an integer " + min + ".." + max));
        }
    }

    static Optional<CommandStatus> command(Gateway g, PointId id) {
        return g.commands().flatMap(r -> r.command(id));
    }
}
