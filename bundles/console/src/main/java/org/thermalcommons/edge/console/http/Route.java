package org.thermalcommons.edge.console.http;

import java.util.Optional;
import java.util.regex.Pattern;
import org.thermalcommons.edge.console.auth.ConsoleRole;

/**
 * One REST route. The servlet enforces, before the handler runs: a session when {@code role} is present, that role
 * or a higher one, and for mutating routes with a session the CSRF token.
 *
 * @param method   HTTP method
 * @param name     route name for metrics and logs, e.g. {@code POST /api/overrides}
 * @param path     path pattern under {@code /api}, groups are path parameters
 * @param role     the least role allowed; empty for routes open before sign-in (session, setup, login)
 * @param mutating whether the route changes anything (then: CSRF checked, audited by the handler)
 * @param handler  what it does
 */
public record Route(String method, String name, Pattern path, Optional<ConsoleRole> role, boolean mutating,
                    Handler handler) {

    @FunctionalInterface
    public interface Handler {
        /** Returns the JSON body to send (200), or throws {@link ApiException}. */
        Object handle(Call call) throws Exception;
    }

    public static Route get(String path, ConsoleRole role, Handler h) {
        return new Route("GET", "GET " + path, compile(path), Optional.of(role), false, h);
    }

    public static Route mutate(String method, String path, ConsoleRole role, Handler h) {
        return new Route(method, method + " " + path, compile(path), Optional.of(role), true, h);
    }

    /** A route usable without a session (it protects itself: setup token, password). */
    public static Route open(String method, String path, boolean mutating, Handler h) {
        return new Route(method, method + " " + path, compile(path), Optional.empty(), mutating, h);
    }

    /** {@code {x}} stands for one path segment, {@code {x*}} for the rest of the path. */
    private static Pattern compile(String path) {
        String re = path.replaceAll("\\{[a-z]+\\*}", "(.+)").replaceAll("\\{[a-z]+}", "([^/]+)");
        return Pattern.compile(re);
    }
}
