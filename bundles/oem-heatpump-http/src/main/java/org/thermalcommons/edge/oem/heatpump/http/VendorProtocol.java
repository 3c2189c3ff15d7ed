package org.thermalcommons.edge.oem.heatpump.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.thermalcommons.edge.api.oem.HeatPumpActions;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.json.BoundedJson;

/**
 * The vendor's local API, version 1: {@code PUT /api/v1/mode {"mode": "eco", "dhwSetpointCelsius": 48}} and
 * {@code GET /api/v1/state}. The generic heat-pump verbs are the vendor's mode names; {@code dhwSetpointCelsius} is the
 * one parameter. Validates actions before anything is sent and the state the device reports.
 */
final class VendorProtocol {
    static final String MODE = "/api/v1/mode";
    static final String STATE = "/api/v1/state";
    static final Set<String> VERBS = Set.of(HeatPumpActions.BOOST, HeatPumpActions.NORMAL, HeatPumpActions.ECO,
            HeatPumpActions.OFF);

    /** The device state as reported; tank temperature and power are informative (not required). */
    record State(String mode, double dhwSetpointCelsius, Optional<Double> tankCelsius, Optional<Double> electricKw) {
        @Override
        public String toString() {
            return "mode " + mode + ", hot water setpoint " + dhwSetpointCelsius + " °C"
                    + tankCelsius.map(t -> ", tank " + t + " °C").orElse("")
                    + electricKw.map(p -> ", " + p + " kW").orElse("");
        }
    }

    private final AdapterOptions options;
    private final BoundedJson json;

    VendorProtocol(AdapterOptions options, BoundedJson json) {
        this.options = options;
        this.json = json;
    }

    /** Why the action cannot be sent to this device, or empty when it can. */
    Optional<String> invalid(OemAction a) {
        if (!VERBS.contains(a.verb())) {
            return Optional.of("action '" + a.verb() + "' is not one of boost, normal, eco, off");
        }
        for (Map.Entry<String, Double> p : a.parameters().entrySet()) {
            if (!p.getKey().equals(HeatPumpActions.DHW_SETPOINT_CELSIUS)) {
                return Optional.of("parameter '" + p.getKey() + "' is not supported (only " + HeatPumpActions.DHW_SETPOINT_CELSIUS + ")");
            }
            double v = p.getValue();
            if (v < options.minSetpointCelsius() || v > options.maxSetpointCelsius()) {
                return Optional.of(HeatPumpActions.DHW_SETPOINT_CELSIUS + " " + v + " is outside "
                        + options.minSetpointCelsius() + ".." + options.maxSetpointCelsius() + " °C");
            }
        }
        return Optional.empty();
    }

    /** The PUT body for a valid action. */
    byte[] modeBody(OemAction a) {
        ObjectNode n = json.mapper().createObjectNode();
        n.put("mode", a.verb());
        Double s = a.parameters().get(HeatPumpActions.DHW_SETPOINT_CELSIUS);
        if (s != null) {
            n.put(HeatPumpActions.DHW_SETPOINT_CELSIUS, s);
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Checks that an answer body is well-formed JSON within the limits. */
    void parseAny(byte[] body, String what) throws InputRejectedException {
        json.readTree(what + " of " + options.deviceId(), body);
    }

    /** Parses a state answer; rejections name the field and the rule. */
    State state(byte[] body) throws InputRejectedException {
        String source = "GET " + STATE + " of " + options.deviceId();
        JsonNode n = json.readTree(source, body);
        if (!n.isObject()) {
            throw new InputRejectedException(source, "/", "state-type", "must be a JSON object");
        }
        JsonNode mode = n.get("mode");
        if (mode == null || !mode.isTextual() || !VERBS.contains(mode.asText())) {
            throw new InputRejectedException(source, "/mode", "state-mode", "must be one of boost, normal, eco, off");
        }
        JsonNode s = n.get(HeatPumpActions.DHW_SETPOINT_CELSIUS);
        if (s == null || !s.isNumber() || !Double.isFinite(s.asDouble())) {
            throw new InputRejectedException(source, "/" + HeatPumpActions.DHW_SETPOINT_CELSIUS, "state-setpoint",
                    "must be a number");
        }
        return new State(mode.asText(), s.asDouble(), number(n, "tankCelsius"), number(n, "electricKw"));
    }

    /** Whether the device state carries out the action (mode, and setpoint within the tolerance when given). */
    boolean matches(State s, OemAction a) {
        if (!s.mode().equals(a.verb())) {
            return false;
        }
        Double want = a.parameters().get(HeatPumpActions.DHW_SETPOINT_CELSIUS);
        return want == null || Math.abs(s.dhwSetpointCelsius() - want) <= options.setpointToleranceKelvin();
    }

    private static Optional<Double> number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() && Double.isFinite(v.asDouble()) ? Optional.of(v.asDouble()) : Optional.empty();
    }
}
