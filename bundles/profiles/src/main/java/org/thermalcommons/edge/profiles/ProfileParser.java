package org.thermalcommons.edge.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.BacnetAddress;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ModbusOptions;
import org.thermalcommons.edge.api.profile.PointAddress;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.json.BoundedJson;
import org.thermalcommons.edge.input.json.JsonLimits;

/**
 * Parses and validates one device profile: read under {@link JsonLimits#PROFILE} (depth, lengths, duplicate keys),
 * validated against {@code schema/device-profile.schema.json} by {@link ProfileSchema}, then checked for the semantic
 * rules a schema cannot express (the id is the file name, unique names and addresses, min ≤ max, safe value within
 * limits, priorities 1–8 only when allowed, register ranges). Every rejection names the file, the JSON location and
 * the rule.
 */
final class ProfileParser {
    private static final BoundedJson JSON = new BoundedJson(JsonLimits.PROFILE);
    private static final Set<String> POINT = Set.of("name", "role", "unit", "min", "max", "maxRatePerSecond", "writable",
            "pollGroup", "writePriority", "safeValue", "bacnet", "modbus", "write");
    private static final Set<String> MODBUS = Set.of("table", "address", "type", "wordOrder", "scale", "offset", "scaleFactorRegister");
    private static final Set<String> MODBUS_OPTIONS = Set.of("maxGap", "fc16Only");
    private static final Map<String, ModbusAddress.WordOrder> WORD_ORDERS = Map.of("big", ModbusAddress.WordOrder.BIG_ENDIAN,
            "little", ModbusAddress.WordOrder.LITTLE_ENDIAN, "big-byte-swap", ModbusAddress.WordOrder.BIG_ENDIAN_BYTE_SWAP,
            "little-byte-swap", ModbusAddress.WordOrder.LITTLE_ENDIAN_BYTE_SWAP);
    private static final Map<String, ModbusAddress.Table> TABLES = Map.of("holding", ModbusAddress.Table.HOLDING_REGISTER,
            "input", ModbusAddress.Table.INPUT_REGISTER, "coil", ModbusAddress.Table.COIL,
            "discrete-input", ModbusAddress.Table.DISCRETE_INPUT);

    /** A profile that breaks a rule. */
    static final class InvalidProfileException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String ruleName;

        InvalidProfileException(String file, String path, String rule) {
            super(file + " " + path + ": " + rule);
            this.ruleName = "profile";
        }

        InvalidProfileException(InputRejectedException e) {
            super(e.getMessage());
            this.ruleName = e.rule();
        }

        /** The rule's stable name (a metric label): {@code max-size}, {@code duplicate-key}, {@code schema-pattern}, ... */
        String rule() {
            return ruleName;
        }
    }

    /** The schema, loaded once per bundle on first use. */
    private static final class Schema {
        static final ProfileSchema INSTANCE = ProfileSchema.load();
    }

    private final String file;

    private ProfileParser(String file) {
        this.file = file;
    }

    static DeviceProfile parse(String file, String text) throws InvalidProfileException {
        return new ProfileParser(file).parse(text);
    }

    private InvalidProfileException bad(String path, String rule) {
        return new InvalidProfileException(file, path, rule);
    }

    private DeviceProfile parse(String text) throws InvalidProfileException {
        JsonNode root;
        try {
            root = JSON.readTree(file, text);
        } catch (InputRejectedException e) {
            throw new InvalidProfileException(e);
        }
        Optional<InputRejectedException> violation = Schema.INSTANCE.check(file, root);
        if (violation.isPresent()) {
            throw new InvalidProfileException(violation.get());
        }
        if (!root.isObject()) {
            throw bad("$", "must be a JSON object");
        }
        String id = string(root, "$", "id", true);
        String expected = id + ".json";
        if (!file.equals(expected)) {
            // The id is the file name: a second file can never claim (and replace) a loaded profile's id.
            throw new InvalidProfileException(new InputRejectedException(file, "/id", "id-file-name",
                    "profile id '" + id + "' must be the file name (" + expected + "), so no other file can claim it"));
        }
        String protocol = string(root, "$", "protocol", true);
        boolean lifeSafety = bool(root, "$", "allowLifeSafetyPriority", false);
        JsonNode points = root.get("points");
        if (points == null || !points.isArray() || points.isEmpty()) {
            throw bad("$.points", "must be a non-empty array");
        }
        List<ProfilePoint> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < points.size(); i++) {
            String path = "$.points[" + i + "]";
            ProfilePoint p = point(points.get(i), path, protocol, lifeSafety);
            if (!names.add(p.name())) {
                throw bad(path + ".name", "'" + p.name() + "' is used by another point of this profile");
            }
            if (!addresses.add(addressKey(p.address()))) {
                throw bad(path + "." + protocol, "address is used by another point of this profile");
            }
            out.add(p);
        }
        return new DeviceProfile(id, protocol, string(root, "$", "vendor", true), string(root, "$", "model", true),
                string(root, "$", "description", true), out, modbusOptions(root, protocol));
    }

    private static String addressKey(PointAddress a) {
        if (a instanceof BacnetAddress b) {
            return b.objectType() + ":" + b.instance() + ":" + b.property();
        }
        ModbusAddress m = (ModbusAddress) a;
        return m.table() + ":" + m.address();
    }

    private ProfilePoint point(JsonNode n, String path, String protocol, boolean lifeSafety) throws InvalidProfileException {
        if (!n.isObject()) {
            throw bad(path, "must be an object");
        }
        unknown(n, path, POINT);
        String name = string(n, path, "name", true);
        String role = string(n, path, "role", true);
        String unitText = string(n, path, "unit", true);
        Unit unit = Unit.parse(unitText).orElseThrow(() -> bad(path + ".unit", "unknown unit '" + unitText + "'"));
        double min = number(n, path, "min", -Double.MAX_VALUE);
        double max = number(n, path, "max", Double.MAX_VALUE);
        if (min > max) {
            throw bad(path + ".max", "must not be below min (" + min + " > " + max + ")");
        }
        Limits limits = Limits.of(min, max);
        if (n.has("maxRatePerSecond")) {
            double rate = number(n, path, "maxRatePerSecond", 0);
            if (!(rate > 0)) {
                throw bad(path + ".maxRatePerSecond", "must be > 0");
            }
            limits = limits.withMaxRatePerSecond(rate);
        }
        boolean writable = bool(n, path, "writable", false);
        String pg = n.has("pollGroup") ? string(n, path, "pollGroup", true) : "normal";
        PollGroup pollGroup = switch (pg) {
            case "fast" -> PollGroup.FAST;
            case "normal" -> PollGroup.NORMAL;
            case "slow" -> PollGroup.SLOW;
            default -> throw bad(path + ".pollGroup", "must be fast, normal or slow, was '" + pg + "'");
        };
        OptionalInt priority = OptionalInt.empty();
        if (n.has("writePriority")) {
            JsonNode w = n.get("writePriority");
            if (!w.isInt() || w.asInt() < 1 || w.asInt() > 16) {
                throw bad(path + ".writePriority", "must be an integer 1..16, was " + w);
            }
            if (w.asInt() <= 8 && !lifeSafety) {
                throw bad(path + ".writePriority", "priorities 1-8 (life safety, critical equipment, manual operator) need \"allowLifeSafetyPriority\": true");
            }
            priority = OptionalInt.of(w.asInt());
        }
        OptionalDouble safe = OptionalDouble.empty();
        if (n.has("safeValue")) {
            double s = number(n, path, "safeValue", 0);
            if (!limits.contains(s)) {
                throw bad(path + ".safeValue", "must be within min..max (" + min + ".." + max + "), was " + s);
            }
            if (!writable) {
                throw bad(path + ".safeValue", "only writable points have a safe value");
            }
            safe = OptionalDouble.of(s);
        }
        boolean hasB = n.has("bacnet");
        boolean hasM = n.has("modbus");
        if (hasB == hasM) {
            throw bad(path, "must have exactly one of 'bacnet' or 'modbus'");
        }
        if (!protocol.equals(hasB ? "bacnet" : "modbus")) {
            throw bad(path + (hasB ? ".bacnet" : ".modbus"), "a " + protocol + " profile's points need a '" + protocol + "' address");
        }
        PointAddress address = hasB ? bacnet(n.get("bacnet"), path + ".bacnet") : modbus(n.get("modbus"), path + ".modbus");
        if (writable && address instanceof ModbusAddress m
                && (m.table() == ModbusAddress.Table.INPUT_REGISTER || m.table() == ModbusAddress.Table.DISCRETE_INPUT)) {
            throw bad(path + ".writable", "input registers and discrete inputs cannot be written");
        }
        return WritePolicyParser.apply(file, n.get("write"), path + ".write",
                new ProfilePoint(name, new Role(role), unit, limits, writable, pollGroup, priority, safe, address));
    }

    private BacnetAddress bacnet(JsonNode n, String path) throws InvalidProfileException {
        if (!n.isObject()) {
            throw bad(path, "must be an object");
        }
        String type = string(n, path, "objectType", true);
        int instance = integer(n, path, "instance", 0, 4_194_302);
        String property = n.has("property") ? string(n, path, "property", true) : "present-value";
        return new BacnetAddress(type, instance, property);
    }

    private ModbusOptions modbusOptions(JsonNode root, String protocol) throws InvalidProfileException {
        JsonNode n = root.get("modbus");
        if (n == null) {
            return ModbusOptions.DEFAULT;
        }
        if (!protocol.equals("modbus")) {
            throw bad("$.modbus", "only a modbus profile has device-wide Modbus options");
        }
        if (!n.isObject()) {
            throw bad("$.modbus", "must be an object");
        }
        unknown(n, "$.modbus", MODBUS_OPTIONS);
        int maxGap = n.has("maxGap") ? integer(n, "$.modbus", "maxGap", 0, 100) : 0;
        return new ModbusOptions(maxGap, bool(n, "$.modbus", "fc16Only", false));
    }

    private ModbusAddress modbus(JsonNode n, String path) throws InvalidProfileException {
        if (!n.isObject()) {
            throw bad(path, "must be an object");
        }
        unknown(n, path, MODBUS);
        String t = string(n, path, "table", true);
        ModbusAddress.Table table = TABLES.get(t);
        if (table == null) {
            throw bad(path + ".table", "must be holding, input, coil or discrete-input, was '" + t + "'");
        }
        int address = integer(n, path, "address", 0, 65_535);
        String typeText = string(n, path, "type", true);
        ModbusAddress.DataType type;
        try {
            type = ModbusAddress.DataType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(path + ".type", "must be bool, int16, uint16, int32, uint32, float32, int64, uint64 or float64, was '" + typeText + "'");
        }
        boolean bitTable = table == ModbusAddress.Table.COIL || table == ModbusAddress.Table.DISCRETE_INPUT;
        if (bitTable != (type == ModbusAddress.DataType.BOOL)) {
            throw bad(path + ".type", bitTable ? "coils and discrete inputs are type bool" : "registers cannot be type bool");
        }
        if (address + type.registers() - 1 > 65_535) {
            throw bad(path + ".address", "a " + typeText + " at " + address + " runs past register 65535");
        }
        String wo = n.has("wordOrder") ? string(n, path, "wordOrder", true) : "big";
        ModbusAddress.WordOrder order = WORD_ORDERS.get(wo);
        if (order == null) {
            throw bad(path + ".wordOrder", "must be big, little, big-byte-swap or little-byte-swap, was '" + wo + "'");
        }
        double scale = n.has("scale") ? number(n, path, "scale", 1) : 1;
        if (scale == 0) {
            throw bad(path + ".scale", "must not be 0");
        }
        double offset = n.has("offset") ? number(n, path, "offset", 0) : 0;
        OptionalInt sf = n.has("scaleFactorRegister") ? OptionalInt.of(integer(n, path, "scaleFactorRegister", 0, 65_535)) : OptionalInt.empty();
        return new ModbusAddress(table, address, type, order, scale, offset, sf);
    }

    private void unknown(JsonNode n, String path, Set<String> known) throws InvalidProfileException {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw bad(path + "." + f, "unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private String string(JsonNode n, String path, String field, boolean required) throws InvalidProfileException {
        JsonNode v = n.get(field);
        if (v == null) {
            if (required) {
                throw bad(path + "." + field, "is required");
            }
            return "";
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw bad(path + "." + field, "must be a non-empty string");
        }
        return v.asText();
    }

    private boolean bool(JsonNode n, String path, String field, boolean dflt) throws InvalidProfileException {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw bad(path + "." + field, "must be true or false");
        }
        return v.asBoolean();
    }

    private double number(JsonNode n, String path, String field, double dflt) throws InvalidProfileException {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw bad(path + "." + field, "must be a finite number");
        }
        return v.asDouble();
    }

    private int integer(JsonNode n, String path, String field, int min, int max) throws InvalidProfileException {
        JsonNode v = n.get(field);
        if (v == null) {
            throw bad(path + "." + field, "is required");
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw bad(path + "." + field, "must be an integer " + min + ".." + max + ", was " + v);
        }
        return v.asInt();
    }
}
