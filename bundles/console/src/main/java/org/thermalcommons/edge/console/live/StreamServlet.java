package org.thermalcommons.edge.console.live;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.auth.Session;
import org.thermalcommons.edge.console.auth.Sessions;
import org.thermalcommons.edge.console.http.Headers;
import org.thermalcommons.edge.console.http.HttpMetrics;

/**
 * {@code GET /stream}: the live stream as Server-Sent Events (async servlet), for any signed-in role. The stream ends
 * when the session expires or is closed.
 */
public final class StreamServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String ROUTE = "GET /stream";

    private final transient LiveHub hub;
    private final transient Sessions sessions;
    private final transient HttpMetrics metrics;
    private final transient java.util.function.Function<HttpServletRequest, String> sessionCookie;

    public StreamServlet(LiveHub hub, Sessions sessions, HttpMetrics metrics,
                         java.util.function.Function<HttpServletRequest, String> sessionCookie) {
        this.hub = hub;
        this.sessions = sessions;
        this.metrics = metrics;
        this.sessionCookie = sessionCookie;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Headers.secure(resp);
        Optional<Session> session = sessions.touch(sessionCookie.apply(req));
        if (session.isEmpty() || !session.get().role().includes(ConsoleRole.VIEWER)) {
            metrics.count(ROUTE, 401);
            resp.sendError(401, "sign in first");
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = resp.getOutputStream();
        String sid = session.get().id();
        LiveHub.Client client = new LiveHub.Client() {
            @Override
            public boolean send(String frame) {
                try {
                    out.write(frame.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return true;
                } catch (IOException | IllegalStateException e) {
                    return false;
                }
            }

            @Override
            public boolean live() {
                return sessions.live(sid);
            }

            @Override
            public void close() {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // already completed by the container
                }
            }
        };
        out.write("retry: 3000\n: connected\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (!hub.add(client)) {
            metrics.count(ROUTE, 503);
            client.close();
            return;
        }
        metrics.count(ROUTE, 200);
    }
}
