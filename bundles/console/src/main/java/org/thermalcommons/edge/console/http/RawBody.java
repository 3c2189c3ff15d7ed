package org.thermalcommons.edge.console.http;

import java.util.Objects;

/**
 * A route's answer that is not JSON (a report download): written as is with its type and, when set, as an
 * attachment named {@code fileName}.
 */
public record RawBody(String contentType, String fileName, byte[] bytes) {
    public RawBody {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(bytes, "bytes");
    }
}
