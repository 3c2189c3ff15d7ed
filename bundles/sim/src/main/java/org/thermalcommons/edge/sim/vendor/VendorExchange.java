package org.thermalcommons.edge.sim.vendor;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One request to the simulated vendor API and its answer, independent of the HTTP server that carries them. */
final class VendorExchange {
    private VendorExchange() {
    }

    /**
     * @param method        HTTP method
     * @param path          request path, without the query
     * @param authorization the {@code Authorization} header, if sent
     * @param contentType   the {@code Content-Type} header, if sent
     * @param body          the body, read up to the size limit (empty when it was too long)
     * @param bodyTooLarge  the body was longer than the limit and was not read
     */
    record Request(String method, String path, Optional<String> authorization, Optional<String> contentType, byte[] body,
                   boolean bodyTooLarge) {
        Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(authorization, "authorization");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * @param status  HTTP status
     * @param headers extra headers (e.g. {@code Retry-After})
     * @param json    the JSON body
     * @param delay   how long to hold the answer back (a slow device)
     */
    record Answer(int status, Map<String, String> headers, String json, Duration delay) {
        Answer {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(delay, "delay");
        }
    }
}
