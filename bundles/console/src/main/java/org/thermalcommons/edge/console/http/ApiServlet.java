package org.thermalcommons.edge.console.http;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.console.auth.Session;
import org.thermalcommons.edge.console.auth.Sessions;
import org.thermalcommons.edge.console.auth.Tokens;

/**
 * The REST API under {@code /api}: finds the route, then enforces in one place what every route needs — a live
 * session for routes with a role, the role, the CSRF token on mutating routes, JSON bodies within the size limit —
 * and answers with JSON. Errors carry a message and, for validation, one message per field.
 */
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    public static final String SESSION_COOKIE = "cool_edge_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient List<Route> routes;
    private final transient Sessions sessions;
    private final transient Json json;
    private final transient HttpMetrics metrics;
    private final transient RateLimitedLog rejections;

    public ApiServlet(List<Route> routes, Sessions sessions, Json json, HttpMetrics metrics) {
        this.routes = List.copyOf(routes);
        this.sessions = sessions;
        this.json = json;
        this.metrics = metrics;
        this.rejections = RateLimitedLog.perMinute(LOG);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Headers.secure(resp);
        String path = Optional.ofNullable(req.getPathInfo()).orElse("/");
        String routeName = "unmatched";
        int status = 500;
        try {
            Route route = null;
            List<String> params = List.of();
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (m.matches()) {
                    pathKnown = true;
                    if (r.method().equals(req.getMethod())) {
                        route = r;
                        params = new ArrayList<>();
                        for (int i = 1; i <= m.groupCount(); i++) {
                            params.add(m.group(i));
                        }
                        break;
                    }
                }
            }
            if (route == null) {
                throw pathKnown ? new ApiException(405, "method " + req.getMethod() + " not allowed on /api" + path)
                        : ApiException.notFound("no API route /api" + path);
            }
            routeName = route.name();
            Optional<Session> session = sessions.touch(sessionCookie(req));
            check(route, req, session);
            Object body = route.handler().handle(new Call(req, resp, session, params, json));
            status = resp.getStatus() >= 200 && resp.getStatus() < 300 ? resp.getStatus() : 200;
            json.discardUnread(req, resp);
            json.write(resp, status, body);
        } catch (ApiException e) {
            status = e.status();
            if (status != 401) {
                rejections.warn("console-" + status, "Console refused {} /api{} from {}: {} {}", req.getMethod(), path,
                        req.getRemoteAddr(), e.getMessage(), e.fields().isEmpty() ? "" : e.fields());
            }
            json.discardUnread(req, resp);
            json.error(resp, e);
        } catch (Exception e) {
            status = 500;
            LOG.error("Console route {} failed: {}", routeName, e.toString(), e);
            json.discardUnread(req, resp);
            json.error(resp, new ApiException(500, "internal error: " + e.getClass().getSimpleName()));
        } finally {
            metrics.count(routeName, status);
        }
    }

    private void check(Route route, HttpServletRequest req, Optional<Session> session) {
        if (route.mutating()) {
            String origin = req.getHeader("Origin");
            if (origin != null && !sameOrigin(origin, req)) {
                throw ApiException.forbidden("cross-origin request from " + origin + " refused");
            }
        }
        if (route.role().isEmpty()) {
            return;
        }
        Session s = session.orElseThrow(() -> new ApiException(401, "sign in first"));
        if (route.mutating() && !Tokens.same(s.csrfToken(), req.getHeader(CSRF_HEADER))) {
            throw ApiException.forbidden("missing or wrong " + CSRF_HEADER + " header");
        }
        if (!s.role().includes(route.role().get())) {
            throw ApiException.forbidden("role " + s.role().id() + " may not " + route.name() + " (needs "
                    + route.role().get().id() + ")");
        }
    }

    private static boolean sameOrigin(String origin, HttpServletRequest req) {
        String host = req.getHeader("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    public static String sessionCookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (SESSION_COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    /** The session cookie: HttpOnly, SameSite=Strict, Secure on HTTPS, living no longer than the session. */
    public static void setSessionCookie(HttpServletRequest req, HttpServletResponse resp, String value, long maxAgeSeconds) {
        resp.addHeader("Set-Cookie", SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
    }
}
