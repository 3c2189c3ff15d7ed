package org.thermalcommons.edge.market.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol's JSON Schemas (draft 2020-12), one per message type plus the shared envelope, loaded from this jar's
 * {@code schemas/} resources (never from the network). Thread-safe once built.
 */
public final class Schemas {
    /** Base of every schema's {@code $id}. */
    public static final String BASE = "https://thermalcommons.org/cool/v1/";
    static final String ENVELOPE = "envelope.schema.json";

    private final Map<MessageType, Schema> byType = new EnumMap<>(MessageType.class);

    public Schemas() {
        Map<String, String> texts = new HashMap<>();
        texts.put(BASE + ENVELOPE, resource(ENVELOPE));
        for (MessageType t : MessageType.values()) {
            texts.put(t.schemaId(), resource(t.wireName() + ".schema.json"));
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(texts).schemaRegistryConfig(config));
        for (MessageType t : MessageType.values()) {
            Schema s = registry.getSchema(SchemaLocation.of(t.schemaId()));
            s.initializeValidators();
            byType.put(t, s);
        }
    }

    /** The text of a schema resource, e.g. {@code bid.schema.json}. */
    public static String resource(String name) {
        try (InputStream in = Schemas.class.getResourceAsStream("/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first violation of {@code type}'s schema, as a protocol exception; empty when the message is valid. */
    public Optional<ProtocolException> check(MessageType type, JsonNode message) {
        List<Error> errors = byType.get(type).validate(message);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        Error e = errors.get(0);
        String pointer = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        String rule = e.getKeyword() == null ? "schema" : e.getKeyword();
        return Optional.of(new ProtocolException(pointer, rule, type.wireName() + " at '" + pointer + "' breaks rule "
                + rule + ": " + e.getMessage()));
    }
}
