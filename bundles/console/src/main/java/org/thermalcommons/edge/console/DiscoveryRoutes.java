package org.thermalcommons.edge.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.commissioning.Commissioning;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.driver.ObjectState;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.Call;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.http.Validation;

/**
 * Commissioning's discovery routes (installers and admins): the BACnet scan (with {@code "discover": true}, one Who-Is round
 * first, rate-limited by the driver: 429 naming the rule), the object browser with live values (404 for a device not
 * in the directory or an object it does not have, 504 when it does not answer), and role suggestions for a BACnet
 * device's objects and a Modbus unit's SunSpec models.
 */
final class DiscoveryRoutes {
    private static final Pattern IP = Pattern.compile("[0-9.]{7,15}");
    private static final Pattern TYPE = Pattern.compile("[a-z-]{3,40}");
    private final Gateway gateway;
    private final Auditor audit;

    DiscoveryRoutes(Gateway gateway, Auditor audit) {
        this.gateway = gateway;
        this.audit = audit;
    }

    List<Route> routes() {
        ConsoleRole r = ConsoleRole.INSTALLER;
        return List.of(
                Route.mutate("POST", "/commissioning/scan/bacnet", r, this::scan),
                Route.get("/commissioning/bacnet/{instance}/objects/{type}/{number}", r, this::object),
                Route.get("/commissioning/suggest/modbus", r, this::suggestModbus),
                Route.get("/commissioning/suggest/{instance}", r, this::suggest));
    }

    private Commissioning service() {
        return gateway.commissioning().orElseThrow(() -> new ApiException(503, "the commissioning bundle is not running"));
    }

    private static String who(Call c) {
        return c.user().username() + " (" + c.user().role().id() + ")";
    }

    private Object scan(Call c) {
        JsonNode body = c.body();
        Validation v = new Validation(body);
        v.only("discover");
        boolean discover = body.has("discover") && v.flag("discover");
        v.check();
        List<DiscoveredDevice> devices;
        try {
            devices = service().scanBacnet(who(c), discover);
        } catch (IllegalStateException e) {
            String msg = String.valueOf(e.getMessage());
            throw new ApiException(msg.startsWith("rate:") ? 429 : 409, msg, Map.of("discover", msg));
        }
        if (discover) {
            audit.record(c.user(), "bacnet", "BACnet discovery (Who-Is) on request: " + devices.size() + " devices in the directory");
        }
        return devices.stream().map(DiscoveryRoutes::view).toList();
    }

    private static int number(String text, String field, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiException(400, field + " must be a number 0.." + max, Map.of(field, "must be 0.." + max));
    }

    private Object object(Call c) {
        int instance = number(c.param(0), "instance", 4_194_302);
        String type = c.param(1);
        if (!TYPE.matcher(type).matches()) {
            throw new ApiException(400, "type must be an object type like analog-value", Map.of("type", "must be an object type like analog-value"));
        }
        int number = number(c.param(2), "number", 4_194_302);
        ObjectReading r = service().readBacnetObject(instance, type, number, who(c));
        return switch (r.outcome()) {
            case READ -> view(r.state().orElseThrow());
            case NO_ANSWER -> throw new ApiException(504, r.detail());
            default -> throw ApiException.notFound(r.detail());
        };
    }

    private Object suggest(Call c) {
        int instance = number(c.param(0), "instance", 4_194_302);
        return service().suggest(instance).stream().map(InstallerRoutes::view).toList();
    }

    private Object suggestModbus(Call c) {
        String host = c.query("host").orElse("");
        Map<String, String> e = new LinkedHashMap<>();
        if (!IP.matcher(host).matches()) {
            e.put("host", "must be an IPv4 address");
        }
        int port = queryInt(c, "port", 1, 65535, e);
        int unit = queryInt(c, "unit", 0, 247, e);
        if (!e.isEmpty()) {
            return InstallerRoutes.fieldErrors(e);
        }
        try {
            return service().suggestModbus(host, port, unit).stream().map(InstallerRoutes::view).toList();
        } catch (IllegalArgumentException ex) {
            String msg = ex.getMessage();
            int colon = msg.indexOf(": ");
            return InstallerRoutes.fieldErrors(Map.of(colon > 0 ? msg.substring(0, colon) : "host", colon > 0 ? msg.substring(colon + 2) : msg));
        }
    }

    private static int queryInt(Call c, String field, int min, int max, Map<String, String> errors) {
        try {
            int v = Integer.parseInt(c.query(field).orElse(""));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ex) {
            // below
        }
        errors.put(field, "must be " + min + ".." + max);
        return 0;
    }

    static Map<String, Object> view(DiscoveredDevice d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", d.instance());
        m.put("address", d.address());
        m.put("vendorId", d.vendorId());
        m.put("vendorName", d.vendorName());
        m.put("objects", d.objects());
        return m;
    }

    private static Double num(OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }

    static Map<String, Object> view(ObjectState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", s.device());
        m.put("type", s.type());
        m.put("number", s.instance());
        m.put("name", s.name());
        m.put("units", s.units());
        m.put("presentValue", num(s.presentValue()));
        m.put("commandable", s.commandable());
        List<Double> slots = new ArrayList<>();
        s.priorityArray().forEach(x -> slots.add(num(x)));
        m.put("priorityArray", slots);
        m.put("relinquishDefault", num(s.relinquishDefault()));
        m.put("outOfService", s.outOfService());
        m.put("statusFlags", s.statusFlags());
        m.put("refused", s.refused());
        m.put("readWith", s.readWith());
        m.put("readAt", s.readAt().toEpochMilli());
        return m;
    }
}
