package org.thermalcommons.edge.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.commissioning.Commissioning;
import org.thermalcommons.edge.api.commissioning.DraftPoint;
import org.thermalcommons.edge.api.commissioning.DraftRequest;
import org.thermalcommons.edge.api.commissioning.ModbusFinding;
import org.thermalcommons.edge.api.commissioning.ModbusProbe;
import org.thermalcommons.edge.api.commissioning.ModbusScan;
import org.thermalcommons.edge.api.commissioning.PointTest;
import org.thermalcommons.edge.api.commissioning.ProfileDraft;
import org.thermalcommons.edge.api.commissioning.RegisterBlock;
import org.thermalcommons.edge.api.commissioning.TestRun;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.Call;
import org.thermalcommons.edge.console.http.RawBody;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.http.Validation;

/**
 * Commissioning (installers and admins; scans, BACnet browse and suggestions in {@link DiscoveryRoutes}): Modbus probe, register browser, profile drafts, point tests and
 * the report, over the commissioning bundle's {@link Commissioning} service. Every body is validated field by field
 * here (shape, bounds) and again by the service (network rules, profile rules); writes need {@code confirm: true}.
 */
final class InstallerRoutes {
    private static final Pattern IP = Pattern.compile("[0-9.]{7,15}");
    private static final Pattern TABLE = Pattern.compile("holding|input");
    private static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]{0,200}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private final Gateway gateway;
    private final Auditor audit;

    InstallerRoutes(Gateway gateway, Auditor audit) {
        this.gateway = gateway;
        this.audit = audit;
    }

    List<Route> routes() {
        ConsoleRole r = ConsoleRole.INSTALLER;
        return List.of(
                Route.get("/commissioning/devices", r, c -> Map.of("devices", service().testableDevices())),
                Route.mutate("POST", "/commissioning/scan/modbus", r, this::probe),
                Route.mutate("POST", "/commissioning/registers", r, this::registers),
                Route.mutate("POST", "/commissioning/draft", r, this::draft),
                Route.mutate("POST", "/commissioning/tests", r, this::startTest),
                Route.get("/commissioning/tests", r, c -> service().tests().stream().map(InstallerRoutes::view).toList()),
                Route.get("/commissioning/report.html", r, c -> new RawBody("text/html; charset=UTF-8", null,
                        service().reportHtml(site(c), who(c)).getBytes(StandardCharsets.UTF_8))),
                Route.get("/commissioning/report.pdf", r, this::pdf));
    }

    private Commissioning service() {
        return gateway.commissioning().orElseThrow(() -> new ApiException(503, "the commissioning bundle is not running"));
    }

    private static String who(Call c) {
        return c.user().username() + " (" + c.user().role().id() + ")";
    }

    private static String site(Call c) {
        String s = c.query("site").orElse("site");
        if (!TEXT.matcher(s).matches() || s.isBlank()) {
            throw new ApiException(400, "invalid site", Map.of("site", "must be 1-200 printable characters"));
        }
        return s;
    }

    private Object pdf(Call c) {
        String site = site(c);
        byte[] pdf = service().reportPdf(site, who(c));
        audit.record(c.user(), site, "downloaded the commissioning report (PDF, " + pdf.length + " bytes)");
        return new RawBody("application/pdf", "commissioning-report.pdf", pdf);
    }

    static Object fieldErrors(Map<String, String> errors) {
        throw new ApiException(400, "invalid request: " + errors.size() + " field(s) break a rule", errors);
    }

    private Object probe(Call c) {
        Validation v = new Validation(c.body());
        v.only("firstHost", "lastHost", "port", "firstUnit", "lastUnit", "timeoutMs", "deadlineSeconds");
        String first = v.text("firstHost", IP, "must be an IPv4 address");
        String last = v.text("lastHost", IP, "must be an IPv4 address");
        int port = (int) v.number("port", 1, 65535);
        int u0 = (int) v.number("firstUnit", 0, 247);
        int u1 = (int) v.number("lastUnit", 0, 247);
        long timeout = (long) v.number("timeoutMs", 50, 5000);
        long deadline = (long) v.number("deadlineSeconds", 1, 120);
        v.check();
        ModbusScan s = service().probeModbus(new ModbusProbe(first, last, port, u0, u1, Duration.ofMillis(timeout),
                Duration.ofSeconds(deadline)), who(c));
        if (!s.errors().isEmpty()) {
            return fieldErrors(s.errors());
        }
        audit.record(c.user(), first + ".." + last, "Modbus probe of " + first + ".." + last + ":" + port + " units " + u0 + ".." + u1
                + ": " + s.findings().size() + " answered");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tried", s.tried());
        m.put("timedOut", s.timedOut());
        m.put("elapsedMs", s.elapsed().toMillis());
        m.put("findings", s.findings().stream().map(InstallerRoutes::view).toList());
        return m;
    }

    private Object registers(Call c) {
        com.fasterxml.jackson.databind.JsonNode body = c.body();
        Validation v = new Validation(body);
        v.only("host", "port", "unit", "table", "start", "count");
        String host = v.text("host", IP, "must be an IPv4 address");
        String table = body.hasNonNull("table") ? v.text("table", TABLE, "must be holding or input") : "holding";
        int port = (int) v.number("port", 1, 65535);
        int unit = (int) v.number("unit", 0, 247);
        int start = (int) v.number("start", 0, 65535);
        int count = (int) v.number("count", 1, 32);
        v.check();
        RegisterBlock b = service().readRegisters(host, port, unit, table, start, count);
        if (!b.errors().isEmpty()) {
            return fieldErrors(b.errors());
        }
        return Map.of("table", table, "start", b.start(), "words", b.words(), "decodings", b.decodings());
    }

    private Object draft(Call c) {
        JsonNode body = c.body();
        Validation v = new Validation(body);
        v.only("id", "protocol", "vendor", "model", "description", "points", "save");
        String id = v.text("id", Pattern.compile("[a-z0-9][a-z0-9-]{0,62}"), "must be 1-63 lower-case letters, digits or '-'");
        String protocol = v.text("protocol", Pattern.compile("bacnet|modbus"), "must be bacnet or modbus");
        String vendor = v.text("vendor", TEXT, "at most 200 printable characters");
        String model = v.text("model", TEXT, "at most 200 printable characters");
        String description = v.text("description", TEXT, "at most 200 printable characters");
        boolean save = v.flag("save");
        JsonNode pts = body.get("points");
        List<DraftPoint> points = new ArrayList<>();
        if (pts == null || !pts.isArray() || pts.isEmpty() || pts.size() > 256) {
            v.fail("points", "must be an array of 1..256 points");
        } else {
            for (int i = 0; i < pts.size(); i++) {
                points.add(point(pts.get(i), "points[" + i + "].", v));
            }
        }
        v.check();
        ProfileDraft d = service().draft(new DraftRequest(id, protocol, vendor, model, description, points), save, who(c));
        if (d.saved()) {
            audit.record(c.user(), id, "saved drafted profile " + id + ".json (" + points.size() + " points) to the profile library");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("valid", d.valid());
        m.put("saved", d.saved());
        m.put("errors", d.errors());
        m.put("json", d.json());
        return m;
    }

    private static DraftPoint point(JsonNode n, String at, Validation v) {
        if (n == null || !n.isObject()) {
            v.fail(at.substring(0, at.length() - 1), "must be an object");
            return null;
        }
        Validation p = new Validation(n);
        p.only("name", "role", "unit", "min", "max", "writable", "tolerance", "deadband", "minIntervalSeconds",
                "writePriority", "safeValue", "address", "scale", "offset", "scaleFactorRegister");
        String name = p.text("name", Pattern.compile("[A-Za-z0-9_.-]{1,64}"), "must be 1-64 letters, digits, '_', '.' or '-'");
        String role = p.text("role", Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}"), "must be a role name");
        String unit = p.text("unit", Pattern.compile("[a-z_]{1,40}"), "must be a unit id like celsius");
        double min = p.number("min", -1e12, 1e12);
        double max = p.number("max", -1e12, 1e12);
        boolean writable = p.flag("writable");
        String address = p.text("address", Pattern.compile("[A-Za-z0-9:-]{3,60}"), "must be type:instance or table:address:type[:order]");
        OptionalDouble tol = opt(n, "tolerance", 0, 1e6, p);
        OptionalDouble dead = opt(n, "deadband", 0, 1e6, p);
        OptionalDouble interval = opt(n, "minIntervalSeconds", 0, 86400, p);
        OptionalDouble prio = opt(n, "writePriority", 1, 16, p);
        OptionalDouble safe = opt(n, "safeValue", -1e12, 1e12, p);
        OptionalDouble scale = opt(n, "scale", -1e9, 1e9, p);
        OptionalDouble offset = opt(n, "offset", -1e12, 1e12, p);
        OptionalDouble sf = opt(n, "scaleFactorRegister", 0, 65535, p);
        try {
            p.check();
        } catch (ApiException e) {
            e.fields().forEach((f, msg) -> v.fail(at + f, msg));
            return null;
        }
        return new DraftPoint(name, role, unit, min, max, writable, tol, dead,
                interval.isPresent() ? OptionalInt.of((int) interval.getAsDouble()) : OptionalInt.empty(),
                prio.isPresent() ? OptionalInt.of((int) prio.getAsDouble()) : OptionalInt.empty(), safe, address, scale, offset,
                sf.isPresent() ? OptionalInt.of((int) sf.getAsDouble()) : OptionalInt.empty());
    }

    private static OptionalDouble opt(JsonNode n, String field, double min, double max, Validation p) {
        if (!n.has(field) || n.get(field).isNull()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(p.number(field, min, max));
    }

    private Object startTest(Call c) {
        Validation v = new Validation(c.body());
        v.only("device", "confirm");
        String device = v.text("device", DEVICE, "must be a configured device id");
        if (!v.flag("confirm")) {
            v.fail("confirm", "must be true: the test writes every writable point of the device at a test value");
        }
        v.check();
        TestRun r;
        try {
            r = service().startTest(device, who(c));
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            int colon = msg.indexOf(": ");
            throw new ApiException(400, msg, Map.of(colon > 0 ? msg.substring(0, colon) : "device", colon > 0 ? msg.substring(colon + 2) : msg));
        }
        audit.record(c.user(), device, "started a commissioning point test of " + device + " (run " + r.id() + ")");
        c.response().setStatus(201);
        return view(r);
    }

    static Map<String, Object> view(ModbusFinding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", f.host());
        m.put("port", f.port());
        m.put("unit", f.unit());
        m.put("sunspecBase", f.sunspecBase().isPresent() ? f.sunspecBase().getAsInt() : null);
        m.put("sunspecModels", f.sunspecModels());
        m.put("registersAt", f.registersAt());
        m.put("firstRegisters", f.firstRegisters());
        return m;
    }

    static Map<String, Object> view(DraftPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("role", p.role());
        m.put("unit", p.unit());
        m.put("min", p.min());
        m.put("max", p.max());
        m.put("writable", p.writable());
        p.tolerance().ifPresent(x -> m.put("tolerance", x));
        p.deadband().ifPresent(x -> m.put("deadband", x));
        p.minIntervalSeconds().ifPresent(x -> m.put("minIntervalSeconds", x));
        p.writePriority().ifPresent(x -> m.put("writePriority", x));
        p.safeValue().ifPresent(x -> m.put("safeValue", x));
        m.put("address", p.address());
        p.scale().ifPresent(x -> m.put("scale", x));
        p.offset().ifPresent(x -> m.put("offset", x));
        p.scaleFactorRegister().ifPresent(x -> m.put("scaleFactorRegister", x));
        return m;
    }

    static Map<String, Object> view(TestRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("device", r.device());
        m.put("by", r.by());
        m.put("started", r.started().toEpochMilli());
        m.put("finished", r.finished().map(java.time.Instant::toEpochMilli).orElse(null));
        m.put("points", r.points().stream().map(InstallerRoutes::view).toList());
        return m;
    }

    static Map<String, Object> view(PointTest p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", p.point());
        m.put("role", p.role());
        m.put("value", p.value().isPresent() ? p.value().getAsDouble() : null);
        m.put("quality", p.quality());
        m.put("writable", p.writable());
        m.put("testValue", p.testValue().isPresent() ? p.testValue().getAsDouble() : null);
        m.put("states", p.states());
        m.put("outcome", p.outcome());
        m.put("at", p.at().toEpochMilli());
        return m;
    }
}
