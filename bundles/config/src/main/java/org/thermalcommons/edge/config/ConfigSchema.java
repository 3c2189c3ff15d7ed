package org.thermalcommons.edge.config;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What a configuration PID accepts, taken from its metatype: attribute names, types, cardinality and the metatype's
 * own validation (min, max, options). Converts a file's text entries to typed properties or says exactly what is wrong.
 */
record ConfigSchema(String pid, Map<String, Attribute> attributes) {

    enum Type { STRING, INTEGER, LONG, DOUBLE, FLOAT, BOOLEAN, CHAR, SHORT, BYTE, PASSWORD }

    /**
     * @param type        value type
     * @param cardinality 0 for a scalar, otherwise a list/array (values separated by commas)
     * @param validator   the metatype's validation of one value: "" or null when valid, else the reason
     */
    record Attribute(String id, Type type, int cardinality, UnaryOperator<String> validator) {
    }

    /** Keys every configuration may carry besides its attributes: ranking and reference target filters. */
    static boolean isFrameworkKey(String key) {
        return key.equals("service.ranking") || key.endsWith(".target");
    }

    /** Typed properties for Config Admin, or an exception whose message names the file, key and rule. */
    Dictionary<String, Object> convert(ConfigFile file) throws ConfigFile.ParseException {
        Hashtable<String, Object> out = new Hashtable<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : file.entries().entrySet()) {
            String key = e.getKey();
            String raw = e.getValue();
            if (isFrameworkKey(key)) {
                out.put(key, key.equals("service.ranking") ? parseOr(problems, key, raw, Type.INTEGER) : raw);
                continue;
            }
            Attribute a = attributes.get(key);
            if (a == null) {
                problems.add("key '" + key + "' is unknown (known keys: " + String.join(", ", new TreeSet<>(attributes.keySet())) + ")");
                continue;
            }
            if (a.cardinality() == 0) {
                Object v = parseOr(problems, key, raw, a.type());
                if (v != null && validate(problems, a, raw)) {
                    out.put(key, v);
                }
            } else {
                String[] parts = raw.isEmpty() ? new String[0] : raw.split("\\s*,\\s*");
                if (Math.abs(a.cardinality()) < parts.length && Math.abs(a.cardinality()) != Integer.MAX_VALUE) {
                    problems.add("key '" + key + "': at most " + Math.abs(a.cardinality()) + " values allowed, found " + parts.length);
                    continue;
                }
                List<Object> vs = new ArrayList<>();
                boolean ok = true;
                for (String p : parts) {
                    Object v = parseOr(problems, key, p, a.type());
                    ok &= v != null && validate(problems, a, p);
                    vs.add(v);
                }
                if (ok) {
                    out.put(key, toArray(a.type(), vs));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigFile.ParseException(file.fileName() + ": " + String.join("; ", problems));
        }
        return out;
    }

    private static boolean validate(List<String> problems, Attribute a, String raw) {
        String why = a.validator().apply(raw);
        if (why == null || why.isEmpty()) {
            return true;
        }
        problems.add("key '" + a.id() + "': value '" + raw + "' is invalid: " + why);
        return false;
    }

    private static Object parseOr(List<String> problems, String key, String raw, Type type) {
        try {
            return switch (type) {
                case STRING, PASSWORD -> raw;
                case INTEGER -> Integer.valueOf(raw);
                case LONG -> Long.valueOf(raw);
                case SHORT -> Short.valueOf(raw);
                case BYTE -> Byte.valueOf(raw);
                case DOUBLE -> Double.valueOf(raw);
                case FLOAT -> Float.valueOf(raw);
                case CHAR -> {
                    if (raw.length() != 1) {
                        throw new NumberFormatException();
                    }
                    yield raw.charAt(0);
                }
                case BOOLEAN -> {
                    String t = raw.toLowerCase(Locale.ROOT);
                    if (!t.equals("true") && !t.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield Boolean.valueOf(t);
                }
            };
        } catch (NumberFormatException e) {
            problems.add("key '" + key + "': value '" + raw + "' is not a valid " + type.name().toLowerCase(Locale.ROOT));
            return null;
        }
    }

    private static Object toArray(Type type, List<Object> vs) {
        return switch (type) {
            case INTEGER -> vs.stream().mapToInt(o -> (Integer) o).toArray();
            case LONG -> vs.stream().mapToLong(o -> (Long) o).toArray();
            case DOUBLE -> vs.stream().mapToDouble(o -> (Double) o).toArray();
            case BOOLEAN -> {
                boolean[] b = new boolean[vs.size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (Boolean) vs.get(i);
                }
                yield b;
            }
            default -> vs.stream().map(String::valueOf).toArray(String[]::new);
        };
    }

    Set<String> keys() {
        return attributes.keySet();
    }
}
