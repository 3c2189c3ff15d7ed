package org.thermalcommons.edge.console.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The UI's files, from the bundle's own {@code /static} resources (no CDN: everything the browser loads is inside the
 * bundle). Paths are checked against a strict pattern before any lookup, so {@code ..} and odd characters never
 * reach the class loader.
 */
public final class StaticServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern SAFE = Pattern.compile("/(?:[a-z0-9-]+/)*[a-z0-9-]+\\.(html|css|js|svg|ico)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml", "ico", "image/x-icon");

    private final transient ClassLoader loader;

    public StaticServlet(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Headers.secure(resp);
        String path = Optional.ofNullable(req.getServletPath()).orElse("")
                + Optional.ofNullable(req.getPathInfo()).orElse("");
        if (path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        URL url = SAFE.matcher(path).matches() ? loader.getResource("static" + path) : null;
        if (url == null) {
            resp.sendError(404, "not found");
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        resp.setContentType(TYPES.get(ext));
        resp.setHeader("Cache-Control", "no-cache");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
