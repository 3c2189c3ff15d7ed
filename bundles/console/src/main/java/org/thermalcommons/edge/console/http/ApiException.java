package org.thermalcommons.edge.console.http;

import java.util.Map;

/** A request the console refuses, with the HTTP status, a message and (for validation) a message per field. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, String> fields;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.fields = Map.copyOf(fields);
    }

    public int status() {
        return status;
    }

    public Map<String, String> fields() {
        return fields;
    }

    public static ApiException forbidden(String why) {
        return new ApiException(403, why);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, what);
    }
}
