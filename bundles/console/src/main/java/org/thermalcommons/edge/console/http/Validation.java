package org.thermalcommons.edge.console.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Field-level validation of a JSON body: collects one message per field, then fails with all of them (HTTP 400). */
public final class Validation {
    private final JsonNode body;
    private final Map<String, String> errors = new LinkedHashMap<>();

    public Validation(JsonNode body) {
        this.body = body;
    }

    public String text(String field, Pattern rule, String ruleText) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            errors.putIfAbsent(field, "is required");
            return "";
        }
        if (!n.isTextual()) {
            errors.putIfAbsent(field, "must be a string");
            return "";
        }
        String s = n.asText();
        if (!rule.matcher(s).matches()) {
            errors.putIfAbsent(field, ruleText);
        }
        return s;
    }

    public double number(String field, double min, double max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            errors.putIfAbsent(field, "is required");
            return Double.NaN;
        }
        if (!n.isNumber()) {
            errors.putIfAbsent(field, "must be a number");
            return Double.NaN;
        }
        double v = n.asDouble();
        if (!Double.isFinite(v) || v < min || v > max) {
            errors.putIfAbsent(field, "must be between " + min + " and " + max);
        }
        return v;
    }

    public boolean flag(String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isBoolean()) {
            errors.putIfAbsent(field, "must be true or false");
            return false;
        }
        return n.asBoolean();
    }

    /** Records a rule that involves more than the field's own format. */
    public void fail(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    /** Unknown fields are an error too: a typo must not be silently ignored. */
    public void only(String... allowed) {
        java.util.Set<String> ok = java.util.Set.of(allowed);
        body.fieldNames().forEachRemaining(f -> {
            if (!ok.contains(f)) {
                errors.putIfAbsent(f.length() > 64 ? f.substring(0, 64) : f, "is not a known field");
            }
        });
    }

    public void check() {
        if (!errors.isEmpty()) {
            throw new ApiException(400, "invalid request: " + errors.size() + " field(s) break a rule", errors);
        }
    }
}
