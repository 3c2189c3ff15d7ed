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
import org.thermalcommons.edge.input.InputRejectedException;

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
     * @param required    the file must set it (required by the metatype and without a default)
     */
    record Attribute(String id, Type type, int cardinality, UnaryOperator<String> validator, boolean required) {
        Attribute(String id, Type type, int cardinality, UnaryOperator<String> validator) {
            this(id, type, cardinality, validator, false);
        }
    }

    /** Keys every configuration may carry besides its attributes: ranking and reference target filters. */
    static boolean isFrameworkKey(String key) {
        return key.equals("service.ranking") || key.endsWith(".target");
    }

    /** One broken rule: where (line and key, "" for none), which rule, what. */
    record Problem(int line, String key, String rule, String text) {
    }

    /** Collects the problems of one file. */
    private static final class Problems {
        final List<Problem> list = new ArrayList<>();
        int line;
        String key = "";

        void add(String rule, String text) {
            list.add(new Problem(line, key, rule, text));
        }
    }

    /**
     * Typed properties for Config Admin, or a rejection naming the file, the line and key of the first problem, its
     * rule ({@code unknown-key}, {@code type}, {@code range}, {@code cardinality}, {@code required}) and every problem
     * found.
     */
    Dictionary<String, Object> convert(ConfigFile file) throws InputRejectedException {
        Hashtable<String, Object> out = new Hashtable<>();
        List<Problem> found = check(file, out);
        if (!found.isEmpty()) {
            Problem first = found.get(0);
            StringBuilder all = new StringBuilder(first.text());
            for (Problem p : found.subList(1, found.size())) {
                all.append("; line ").append(p.line()).append(": ").append(p.text());
            }
            throw new InputRejectedException(file.fileName(), "line " + first.line(), first.rule(), all.toString());
        }
        return out;
    }

    /** Every problem of {@code file} by key, in file order (required keys missing last); empty when it is valid. */
    List<Problem> problems(ConfigFile file) {
        return check(file, new Hashtable<>());
    }

    private List<Problem> check(ConfigFile file, Hashtable<String, Object> out) {
        Problems problems = new Problems();
        for (Map.Entry<String, String> e : file.entries().entrySet()) {
            String key = e.getKey();
            String raw = e.getValue();
            problems.line = file.lineOf(key);
            problems.key = key;
            if (isFrameworkKey(key)) {
                Object v = key.equals("service.ranking") ? parseOr(problems, key, raw, Type.INTEGER) : raw;
                if (v != null) {
                    out.put(key, v);
                }
                continue;
            }
            Attribute a = attributes.get(key);
            if (a == null) {
                problems.add("unknown-key", "key '" + key + "' is unknown (known keys: "
                        + String.join(", ", new TreeSet<>(attributes.keySet())) + ")");
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
                    problems.add("cardinality", "key '" + key + "': at most " + Math.abs(a.cardinality())
                            + " values allowed, found " + parts.length);
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
        problems.line = 0;
        for (Attribute a : new java.util.TreeMap<>(attributes).values()) {
            if (a.required() && !file.entries().containsKey(a.id())) {
                problems.key = a.id();
                problems.add("required", "key '" + a.id() + "' is required (it has no default)");
            }
        }
        return problems.list;
    }

    private static boolean validate(Problems problems, Attribute a, String raw) {
        String why = a.validator().apply(raw);
        if (why == null || why.isEmpty()) {
            return true;
        }
        problems.add("range", "key '" + a.id() + "': value '" + ConfigFile.abbreviate(raw) + "' is invalid: " + why);
        return false;
    }

    private static Object parseOr(Problems problems, String key, String raw, Type type) {
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
            problems.add("type", "key '" + key + "': value '" + ConfigFile.abbreviate(raw) + "' is not a valid "
                    + type.name().toLowerCase(Locale.ROOT));
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
