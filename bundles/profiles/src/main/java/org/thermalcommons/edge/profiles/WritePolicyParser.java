package org.thermalcommons.edge.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.thermalcommons.edge.api.point.WritePolicy;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/**
 * A point's {@code write} block: how the core commands it. Fields (all optional, defaults from
 * {@link WritePolicy#DEFAULT}): {@code tolerance} and {@code deadband} (point unit, &gt;= 0), {@code minIntervalSeconds}
 * (0..86400), {@code heartbeatSeconds} (1..86400), {@code maxAttempts} (1..100). Only writable points have one.
 */
final class WritePolicyParser {
    private static final Set<String> FIELDS = Set.of("tolerance", "deadband", "minIntervalSeconds", "heartbeatSeconds",
            "maxAttempts");
    private static final double MAX_SECONDS = 86_400;

    private WritePolicyParser() {
    }

    /** The point with the policy of its {@code write} block ({@code n} may be null: no block, the default). */
    static ProfilePoint apply(String file, JsonNode n, String path, ProfilePoint point)
            throws ProfileParser.InvalidProfileException {
        if (n == null) {
            return point;
        }
        if (!point.writable()) {
            throw bad(file, path, "only writable points have a write policy");
        }
        if (!n.isObject()) {
            throw bad(file, path, "must be an object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw bad(file, path + "." + f, "unknown field (allowed: " + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            }
        }
        WritePolicy d = WritePolicy.DEFAULT;
        double tolerance = number(file, n, path, "tolerance", d.tolerance(), 0, Double.MAX_VALUE);
        double deadband = number(file, n, path, "deadband", d.deadband(), 0, Double.MAX_VALUE);
        double minInterval = number(file, n, path, "minIntervalSeconds", d.minInterval().toMillis() / 1000.0, 0, MAX_SECONDS);
        Optional<Duration> heartbeat = n.has("heartbeatSeconds")
                ? Optional.of(seconds(number(file, n, path, "heartbeatSeconds", 0, 1, MAX_SECONDS)))
                : Optional.empty();
        JsonNode a = n.get("maxAttempts");
        int attempts = d.maxAttempts();
        if (a != null) {
            if (!a.isIntegralNumber() || !a.canConvertToInt() || a.asInt() < 1 || a.asInt() > 100) {
                throw bad(file, path + ".maxAttempts", "must be an integer 1..100, was " + a);
            }
            attempts = a.asInt();
        }
        return point.withWritePolicy(new WritePolicy(tolerance, deadband, seconds(minInterval), heartbeat, attempts));
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static double number(String file, JsonNode n, String path, String field, double dflt, double min, double max)
            throws ProfileParser.InvalidProfileException {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            throw bad(file, path + "." + field, "must be a number " + fmt(min) + ".." + fmt(max) + ", was " + v);
        }
        return v.asDouble();
    }

    private static String fmt(double d) {
        return d == Double.MAX_VALUE ? "" : d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static ProfileParser.InvalidProfileException bad(String file, String path, String rule) {
        return new ProfileParser.InvalidProfileException(file, path, rule);
    }
}
