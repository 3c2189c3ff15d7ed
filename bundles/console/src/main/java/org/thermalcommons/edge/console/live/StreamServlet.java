package org.thermalcommons.edge.console.live;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.auth.Session;
import org.thermalcommons.edge.console.auth.Sessions;
import org.thermalcommons.edge.console.http.Headers;
import org.thermalcommons.edge.console.http.HttpMetrics;

/**
 * {@code GET /stream}: the live stream as Server-Sent Events, for any signed-in role. An async servlet in
 * non-blocking mode (a {@link WriteListener}): the hub's dispatcher never waits on a connection; each stream has its
 * own bounded queue ({@link StreamClient}). The stream ends when the session expires or is closed.
 */
public final class StreamServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String ROUTE = "GET /stream";
    /** Bytes a stream may fall behind before it is conflated (about ten seconds of a busy site). */
    static final int MAX_QUEUED_BYTES = 1 << 20;
    private static final byte[] HELLO = "retry: 3000\n: connected\n\n".getBytes(StandardCharsets.UTF_8);

    private final transient LiveHub hub;
    private final transient Sessions sessions;
    private final transient HttpMetrics metrics;
    private final transient Function<HttpServletRequest, String> sessionCookie;

    public StreamServlet(LiveHub hub, Sessions sessions, HttpMetrics metrics, Function<HttpServletRequest, String> sessionCookie) {
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
        StreamClient client = new StreamClient(new StreamClient.Output() {
            @Override
            public boolean isReady() {
                return out.isReady();
            }

            @Override
            public void write(byte[] bytes) throws IOException {
                out.write(bytes);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void complete() {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // already completed by the container
                }
            }
        }, MAX_QUEUED_BYTES, () -> sessions.live(sid));
        out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                client.writePossible();
            }

            @Override
            public void onError(Throwable t) {
                client.failed();
            }
        });
        client.offer(HELLO);
        if (!hub.add(client)) {
            metrics.count(ROUTE, 503);
            client.close();
            return;
        }
        metrics.count(ROUTE, 200);
    }
}
