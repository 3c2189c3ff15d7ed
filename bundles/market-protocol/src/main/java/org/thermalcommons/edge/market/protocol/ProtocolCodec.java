package org.thermalcommons.edge.market.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Encodes and decodes protocol messages. Decoding is the boundary: the size limit is checked before anything is parsed,
 * then the JSON (bounded depth and lengths), the type's JSON Schema, and the records' own rules; anything else is a
 * {@link ProtocolException} naming where and which rule. Unknown fields are ignored (forward compatible). Thread-safe.
 */
public final class ProtocolCodec {
    /** Largest accepted payload: 256 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final JsonMapper mapper;
    private final Schemas schemas;

    public ProtocolCodec() {
        this(new Schemas());
    }

    public ProtocolCodec(Schemas schemas) {
        this.schemas = schemas;
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(64).maxStringLength(MAX_PAYLOAD_BYTES).build());
    }

    /** The UTF-8 JSON of {@code message}. */
    public byte[] encode(Envelope<?> message) {
        ObjectNode n = mapper.createObjectNode();
        n.put("v", message.v());
        n.put("type", message.type().wireName());
        n.put("id", message.id());
        n.put("site", message.site());
        n.put("ts", message.ts().toString());
        n.set("body", mapper.valueToTree(message.body()));
        try {
            return mapper.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.type().wireName(), e);
        }
    }

    /**
     * A copy of an encoded message with {@code body.<field>} set to {@code value}, without validating it: for payloads
     * this side encoded itself (the outbox flags queued telemetry {@code historical} so, cheaply).
     */
    public byte[] withBodyFlag(byte[] payload, String field, boolean value) {
        try {
            JsonNode tree = mapper.readTree(payload);
            if (tree instanceof ObjectNode o && o.get("body") instanceof ObjectNode body) {
                body.put(field, value);
                return mapper.writeValueAsBytes(o);
            }
            throw new IllegalArgumentException("not an encoded message");
        } catch (IOException e) {
            throw new IllegalArgumentException("not an encoded message: " + firstLine(e.getMessage()), e);
        }
    }

    /** Decodes a payload of any type. */
    public Envelope<?> decode(byte[] payload) throws ProtocolException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException("", "maxBytes", "payload of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_BYTES);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(payload);
        } catch (IOException e) {
            throw new ProtocolException("", "json", "payload is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException("", "type", "payload must be a JSON object");
        }
        JsonNode typeNode = tree.get("type");
        Optional<MessageType> type = typeNode != null && typeNode.isTextual()
                ? MessageType.fromWireName(typeNode.asText()) : Optional.empty();
        if (type.isEmpty()) {
            throw new ProtocolException("/type", "enum", "type must be one of the protocol's message types");
        }
        Optional<ProtocolException> invalid = schemas.check(type.get(), tree);
        if (invalid.isPresent()) {
            throw invalid.get();
        }
        try {
            Body body = mapper.treeToValue(tree.get("body"), type.get().bodyType());
            return new Envelope<>(tree.get("v").asInt(), type.get(), tree.get("id").asText(),
                    tree.get("site").asText(), Instant.parse(tree.get("ts").asText()), body);
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null && e instanceof JsonProcessingException ? e.getCause() : e;
            throw new ProtocolException("/body", "semantic", type.get().wireName() + " body breaks a protocol rule: "
                    + firstLine(cause.getMessage()));
        }
    }

    /**
     * Decodes a payload received on {@code topic}: also checks that the topic is a protocol topic, carries this type,
     * and that the envelope's site is the topic's site.
     */
    public Envelope<?> decode(String topic, byte[] payload) throws ProtocolException {
        Topics.Parsed parsed = Topics.parse(topic).orElseThrow(() -> new ProtocolException("", "topic",
                "topic is not a protocol topic"));
        Envelope<?> m = decode(payload);
        if (!parsed.types().contains(m.type())) {
            throw new ProtocolException("/type", "topic", m.type().wireName() + " is not carried on this topic");
        }
        if (parsed.site().isPresent() && !parsed.site().get().equals(m.site())) {
            throw new ProtocolException("/site", "site", "envelope site does not match the topic's site "
                    + parsed.site().get());
        }
        return m;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
