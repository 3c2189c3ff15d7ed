package org.thermalcommons.edge.input.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.thermalcommons.edge.input.InputRejectedException;

/**
 * The one way external JSON is read: a mapper whose parser enforces {@link JsonLimits} (nesting depth, string, name
 * and number length, document length, token count), rejects duplicate keys and trailing content, and rejections that
 * name the source, the JSON pointer where parsing stopped and the rule ({@code json-depth}, {@code json-string-length},
 * {@code json-number-length}, {@code json-document-length}, {@code json-tokens}, {@code duplicate-key},
 * {@code json-syntax}). Thread-safe: make one per input kind and share it.
 */
public final class BoundedJson {
    private final JsonLimits limits;
    private final ObjectMapper mapper;

    public BoundedJson(JsonLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.mapper = mapper(limits);
    }

    /** A mapper with the limits built into its factory (for callers that bind to records). */
    public static ObjectMapper mapper(JsonLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxNameLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxTokenCount(limits.maxTokens())
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public JsonLimits limits() {
        return limits;
    }

    /** The configured mapper, e.g. to bind a validated tree with {@code treeToValue}. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses {@code text}; {@code source} names it in rejections. */
    public JsonNode readTree(String source, String text) throws InputRejectedException {
        if (text.length() > limits.maxDocumentBytes()) {
            throw new InputRejectedException(source, "", "json-document-length", "is " + text.length()
                    + " characters; at most " + limits.maxDocumentBytes() + " allowed");
        }
        try (JsonParser p = mapper.createParser(text)) {
            return read(source, p);
        } catch (IOException e) {
            throw new InputRejectedException(source, "", "json-syntax", "cannot be read: " + e.getMessage());
        }
    }

    /** Parses UTF-8 bytes (an MQTT payload, an HTTP body). */
    public JsonNode readTree(String source, byte[] utf8) throws InputRejectedException {
        if (utf8.length > limits.maxDocumentBytes()) {
            throw new InputRejectedException(source, "", "json-document-length", "is " + utf8.length
                    + " bytes; at most " + limits.maxDocumentBytes() + " allowed");
        }
        return readTree(source, new String(utf8, StandardCharsets.UTF_8));
    }

    private JsonNode read(String source, JsonParser p) throws InputRejectedException, IOException {
        try {
            JsonNode n = mapper.readTree(p);
            if (n == null || n.isMissingNode()) {
                throw new InputRejectedException(source, "", "json-syntax", "is empty; expected a JSON document");
            }
            if (p.nextToken() != null) {
                throw new InputRejectedException(source, where(p, p.currentLocation()), "json-syntax",
                        "has content after the end of the JSON document");
            }
            return n;
        } catch (StreamConstraintsException e) {
            throw new InputRejectedException(source, where(p, e.getLocation()), constraintRule(e.getMessage()),
                    "exceeds a limit: " + e.getOriginalMessage().replaceAll(" ?\\(from `StreamReadConstraints[^)]*\\)", "")
                            .replaceAll(", from `StreamReadConstraints[^`]*`", ""));
        } catch (JsonParseException e) {
            String msg = e.getOriginalMessage();
            boolean dup = msg != null && msg.startsWith("Duplicate field");
            throw new InputRejectedException(source, where(p, e.getLocation()), dup ? "duplicate-key" : "json-syntax",
                    dup ? msg.replace("Duplicate field", "duplicate key") : "not valid JSON: " + firstLine(msg));
        } catch (JsonProcessingException e) {
            throw new InputRejectedException(source, where(p, e.getLocation()), "json-syntax",
                    "not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String where(JsonParser p, JsonLocation thrown) {
        JsonLocation loc = thrown != null && thrown.getLineNr() > 0 ? thrown : p.currentLocation();
        String pointer = p.getParsingContext() == null ? "" : p.getParsingContext().pathAsPointer().toString();
        String at = loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        return (pointer.isEmpty() ? "/" : pointer) + at;
    }

    static String constraintRule(String message) {
        String m = String.valueOf(message);
        if (m.contains("getMaxNestingDepth") || m.contains("nesting depth")) {
            return "json-depth";
        }
        if (m.contains("getMaxNumberLength") || m.contains("Number value length")) {
            return "json-number-length";
        }
        if (m.contains("getMaxNameLength") || m.contains("Name length")) {
            return "json-name-length";
        }
        if (m.contains("getMaxStringLength") || m.contains("String value length")) {
            return "json-string-length";
        }
        if (m.contains("getMaxDocumentLength") || m.contains("Document length")) {
            return "json-document-length";
        }
        if (m.contains("getMaxTokenCount") || m.contains("Token count")) {
            return "json-tokens";
        }
        return "json-limit";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
