package org.thermalcommons.edge.console.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.console.auth.Session;

/** One request as a handler sees it. */
public final class Call {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Optional<Session> session;
    private final List<String> params;
    private final Json json;

    Call(HttpServletRequest request, HttpServletResponse response, Optional<Session> session, List<String> params, Json json) {
        this.request = request;
        this.response = response;
        this.session = session;
        this.params = params;
        this.json = json;
    }

    public HttpServletRequest request() {
        return request;
    }

    public HttpServletResponse response() {
        return response;
    }

    public Optional<Session> session() {
        return session;
    }

    /** The signed-in session (routes with a role always have one). */
    public Session user() {
        return session.orElseThrow(() -> new ApiException(401, "sign in first"));
    }

    /** Path parameter {@code i} (0-based), URL-decoded. */
    public String param(int i) {
        return java.net.URLDecoder.decode(params.get(i), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A query parameter, at most 200 characters. */
    public Optional<String> query(String name) {
        String v = request.getParameter(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        if (v.length() > 200) {
            throw new ApiException(400, "query parameter '" + name + "' is longer than 200 characters", java.util.Map.of(name, "at most 200 characters"));
        }
        return Optional.of(v);
    }

    /** The JSON object body, size-limited. */
    public JsonNode body() {
        return json.readBody(request);
    }

    public String clientAddress() {
        return request.getRemoteAddr();
    }
}
