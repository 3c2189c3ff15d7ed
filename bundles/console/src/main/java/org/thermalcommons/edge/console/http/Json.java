package org.thermalcommons.edge.console.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out: bodies limited in bytes, nesting and string length; maps and records out. */
public final class Json {
    private final ObjectMapper mapper;
    private final int bodyLimitBytes;

    public Json(int bodyLimitBytes) {
        this.bodyLimitBytes = bodyLimitBytes;
        this.mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(8).maxStringLength(4096).maxNumberLength(32).build());
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public int bodyLimitBytes() {
        return bodyLimitBytes;
    }

    JsonNode readBody(HttpServletRequest req) {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "body must be application/json");
        }
        long declared = req.getContentLengthLong();
        if (declared > bodyLimitBytes) {
            throw new ApiException(413, "body is " + declared + " bytes; the limit is " + bodyLimitBytes);
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(bodyLimitBytes + 1);
        } catch (IOException e) {
            throw new ApiException(400, "body could not be read: " + e.getMessage());
        }
        if (bytes.length > bodyLimitBytes) {
            throw new ApiException(413, "body is longer than the limit of " + bodyLimitBytes + " bytes");
        }
        try {
            JsonNode n = mapper.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new ApiException(400, "body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "body could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads and drops what is left of the request body (at most the body limit) before a response is written. A
     * response written whole completes at once; had its request body been left unread, the server would then close
     * the connection without a word after a response that promised keep-alive, and the client's next request on it
     * would get no answer. A body too long to drain makes the response say {@code Connection: close}.
     */
    public void discardUnread(HttpServletRequest req, HttpServletResponse resp) {
        long declared = req.getContentLengthLong();
        if (declared == 0) {
            return;
        }
        if (declared > bodyLimitBytes) {
            resp.setHeader("Connection", "close");
            return;
        }
        try {
            InputStream in = req.getInputStream();
            long left = bodyLimitBytes;
            byte[] buf = new byte[4096];
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
            if (left <= 0) {
                resp.setHeader("Connection", "close");
            }
        } catch (IOException | IllegalStateException e) {
            // Already read (or read as a reader), or the connection is gone: nothing left to drain.
        }
    }

    public void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        if (body instanceof RawBody raw) {
            resp.setContentType(raw.contentType());
            resp.setHeader("Cache-Control", "no-store");
            if (raw.fileName() != null) {
                resp.setHeader("Content-Disposition", "attachment; filename=\"" + raw.fileName() + "\"");
            }
            resp.setContentLength(raw.bytes().length);
            resp.getOutputStream().write(raw.bytes());
            return;
        }
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        // Rendered whole, then written once with its length: no chunked encoding, one write instead of one per
        // 8 KB of generator buffer.
        byte[] bytes = mapper.writeValueAsBytes(body);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    public void error(HttpServletResponse resp, ApiException e) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (!e.fields().isEmpty()) {
            body.put("fields", e.fields());
        }
        write(resp, e.status(), body);
    }

    public String string(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
