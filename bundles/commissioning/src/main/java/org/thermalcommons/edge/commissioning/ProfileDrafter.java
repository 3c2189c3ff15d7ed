package org.thermalcommons.edge.commissioning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.commissioning.DraftPoint;
import org.thermalcommons.edge.api.commissioning.DraftRequest;

/**
 * Turns an installer's draft into profile JSON in the shipped format, checking the request itself field by field
 * first (bounded counts and lengths, address syntax); the profile rules proper are the profiles bundle's validator's.
 */
final class ProfileDrafter {
    static final int MAX_POINTS = 256;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
    private static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]{1,200}");
    private static final Pattern BACNET = Pattern.compile("([a-z-]{3,40}):(\\d{1,7})");
    private static final Pattern MODBUS = Pattern.compile("(holding|input|coil|discrete-input):(\\d{1,5}):([a-z0-9]{4,7})(?::([A-Za-z-]{4,16}))?");
    /** Registers per Modbus type. */
    private static final Map<String, Integer> WORDS = Map.of("bool", 1, "int16", 1, "uint16", 1, "int32", 2, "uint32", 2,
            "float32", 2, "int64", 4, "uint64", 4, "float64", 4);
    /** Word orders as the profile schema names them, and as the register browser does. */
    private static final Map<String, String> ORDERS = Map.of("big", "big", "little", "little", "big-byte-swap", "big-byte-swap",
            "little-byte-swap", "little-byte-swap", "ABCD", "big", "CDAB", "little", "BADC", "big-byte-swap", "DCBA", "little-byte-swap");

    /** A Modbus address taken apart, word order in the schema's terms. */
    record ModbusAt(String table, int address, String type, String wordOrder) {
    }

    private ProfileDrafter() {
    }

    /** Rules the request breaks, by field ({@code points[3].address}); empty when it can be drafted. */
    static Map<String, String> check(DraftRequest r) {
        Map<String, String> e = new LinkedHashMap<>();
        if (!ID.matcher(r.id()).matches()) {
            e.put("id", "must be 1-63 lower-case letters, digits or '-'");
        }
        if (!r.protocol().equals("bacnet") && !r.protocol().equals("modbus")) {
            e.put("protocol", "must be bacnet or modbus");
        }
        for (String[] f : new String[][]{{"vendor", r.vendor()}, {"model", r.model()}, {"description", r.description()}}) {
            if (!TEXT.matcher(f[1]).matches()) {
                e.put(f[0], "must be 1-200 printable characters");
            }
        }
        if (r.points().isEmpty() || r.points().size() > MAX_POINTS) {
            e.put("points", "must have 1.." + MAX_POINTS + " points");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < Math.min(r.points().size(), MAX_POINTS); i++) {
            DraftPoint p = r.points().get(i);
            String at = "points[" + i + "].";
            if (!NAME.matcher(p.name()).matches()) {
                e.put(at + "name", "must be 1-64 letters, digits, '_', '.' or '-'");
            } else if (!names.add(p.name())) {
                e.put(at + "name", "'" + p.name() + "' is used by another point");
            }
            if (!ROLE.matcher(p.role()).matches()) {
                e.put(at + "role", "must be a role name like Zone_Air_Temperature_Sensor");
            }
            if (!Double.isFinite(p.min()) || !Double.isFinite(p.max()) || p.min() > p.max()) {
                e.put(at + "max", "min and max must be finite with min <= max");
            }
            if (r.protocol().equals("modbus")) {
                modbusRule(p).ifPresent(rule -> e.put(at + "address", rule));
                if (p.scale().isPresent() && (!Double.isFinite(p.scale().getAsDouble()) || p.scale().getAsDouble() == 0)) {
                    e.put(at + "scale", "must be a finite number other than 0");
                }
                if (p.offset().isPresent() && !Double.isFinite(p.offset().getAsDouble())) {
                    e.put(at + "offset", "must be a finite number");
                }
                if (p.scaleFactorRegister().isPresent() && (p.scaleFactorRegister().getAsInt() < 0 || p.scaleFactorRegister().getAsInt() > 65535)) {
                    e.put(at + "scaleFactorRegister", "must be a register 0..65535");
                }
            } else {
                if (!BACNET.matcher(p.address()).matches()) {
                    e.put(at + "address", "must be object-type:instance, e.g. analog-value:3");
                }
                if (p.scale().isPresent() || p.offset().isPresent() || p.scaleFactorRegister().isPresent()) {
                    e.put(at + "scale", "scale, offset and scale factor register are for Modbus points");
                }
            }
            if (!p.writable() && (p.tolerance().isPresent() || p.deadband().isPresent() || p.safeValue().isPresent())) {
                e.put(at + "writable", "tolerance, deadband and safe value are for writable points");
            }
        }
        return e;
    }

    static ModbusAt modbus(String address) {
        java.util.regex.Matcher m = MODBUS.matcher(address);
        if (!m.matches()) {
            throw new IllegalArgumentException(address);
        }
        return new ModbusAt(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4) == null ? null : ORDERS.get(m.group(4)));
    }

    /** Why a Modbus address is unusable, if it is. */
    static java.util.Optional<String> modbusRule(DraftPoint p) {
        java.util.regex.Matcher m = MODBUS.matcher(p.address());
        if (!m.matches()) {
            return java.util.Optional.of("must be table:address:type[:wordOrder], e.g. holding:40072:float32:big");
        }
        String table = m.group(1);
        int address = Integer.parseInt(m.group(2));
        Integer words = WORDS.get(m.group(3));
        if (words == null) {
            return java.util.Optional.of("type must be one of bool, int16, uint16, int32, uint32, float32, int64, uint64, float64");
        }
        if (m.group(4) != null && !ORDERS.containsKey(m.group(4))) {
            return java.util.Optional.of("word order must be big, little, big-byte-swap, little-byte-swap (or ABCD, CDAB, BADC, DCBA)");
        }
        boolean bits = table.equals("coil") || table.equals("discrete-input");
        if (bits != m.group(3).equals("bool")) {
            return java.util.Optional.of(bits ? "a " + table + " is a bool" : "bool is for coils and discrete inputs; a " + table
                    + " register is int16, uint16, int32, uint32, float32, int64, uint64 or float64");
        }
        if (address + words - 1 > 65535) {
            return java.util.Optional.of("a " + m.group(3) + " at " + address + " ends after register 65535");
        }
        if (p.writable() && table.matches("input|discrete-input")) {
            return java.util.Optional.of("a writable point must be in holding registers or coils (" + table + " is read-only)");
        }
        return java.util.Optional.empty();
    }

    /** The profile JSON (call after {@link #check} found nothing). */
    static String json(DraftRequest r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", r.id());
        root.put("protocol", r.protocol());
        root.put("vendor", r.vendor());
        root.put("model", r.model());
        root.put("description", r.description());
        ArrayNode points = root.putArray("points");
        for (DraftPoint p : r.points()) {
            ObjectNode n = points.addObject();
            n.put("name", p.name());
            n.put("role", p.role());
            n.put("unit", p.unit());
            n.put("min", p.min());
            n.put("max", p.max());
            if (p.writable()) {
                n.put("writable", true);
                p.writePriority().ifPresent(v -> n.put("writePriority", v));
                p.safeValue().ifPresent(v -> n.put("safeValue", v));
                ObjectNode w = JSON.createObjectNode();
                p.tolerance().ifPresent(v -> w.put("tolerance", v));
                p.deadband().ifPresent(v -> w.put("deadband", v));
                p.minIntervalSeconds().ifPresent(v -> w.put("minIntervalSeconds", v));
                if (!w.isEmpty()) {
                    n.set("write", w);
                }
            }
            if (r.protocol().equals("modbus")) {
                ModbusAt a = modbus(p.address());
                ObjectNode m = n.putObject("modbus");
                m.put("table", a.table());
                m.put("address", a.address());
                m.put("type", a.type());
                if (a.wordOrder() != null) {
                    m.put("wordOrder", a.wordOrder());
                }
                p.scale().ifPresent(v -> m.put("scale", v));
                p.offset().ifPresent(v -> m.put("offset", v));
                p.scaleFactorRegister().ifPresent(v -> m.put("scaleFactorRegister", v));
            } else {
                String[] a = p.address().split(":");
                ObjectNode b = n.putObject("bacnet");
                b.put("objectType", a[0]);
                b.put("instance", Integer.parseInt(a[1]));
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
