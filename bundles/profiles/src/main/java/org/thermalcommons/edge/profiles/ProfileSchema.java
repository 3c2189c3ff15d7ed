package org.thermalcommons.edge.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.json.BoundedJson;
import org.thermalcommons.edge.input.json.JsonLimits;

/**
 * The device profile JSON Schema ({@code modbus-bacnet-profiles/schema/device-profile.schema.json}, packaged in this
 * bundle), applied with a maintained validator (networknt json-schema-validator). Every structural rule lives in the
 * schema; {@link ProfileParser} keeps only what a schema cannot say. Thread-safe once built.
 */
final class ProfileSchema {
    static final String RESOURCE = "/schema/device-profile.schema.json";
    private static final BoundedJson JSON = new BoundedJson(JsonLimits.PROFILE);

    private final Schema schema;

    private ProfileSchema(Schema schema) {
        this.schema = schema;
    }

    /** The packaged schema. */
    static ProfileSchema load() {
        try (InputStream in = ProfileSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the profile schema " + RESOURCE + " is missing from the bundle");
            }
            JsonNode node = JSON.readTree(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
            return new ProfileSchema(registry.getSchema(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InputRejectedException e) {
            throw new IllegalStateException("the packaged profile schema is invalid: " + e.getMessage(), e);
        }
    }

    /** The first schema violation of {@code profile}, as a rejection naming file, JSON pointer and keyword. */
    Optional<InputRejectedException> check(String file, JsonNode profile) {
        List<Error> errors = schema.validate(profile);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        Error e = mostSpecific(errors);
        String pointer = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        if (e.getProperty() != null && ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword()))) {
            pointer = pointer + "/" + e.getProperty();
        }
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return Optional.of(new InputRejectedException(file, pointer.isEmpty() ? "/" : pointer, "schema-" + e.getKeyword(),
                stripLocation(e.getMessage()) + more));
    }

    /** The error deepest in the document: "oneOf failed at /points/3" says less than the field inside it that failed. */
    private static Error mostSpecific(List<Error> errors) {
        Error best = errors.get(0);
        for (Error e : errors) {
            if (depth(e) > depth(best) && !"oneOf".equals(e.getKeyword())) {
                best = e;
            }
        }
        return best;
    }

    private static int depth(Error e) {
        String p = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        return (int) p.chars().filter(c -> c == '/').count();
    }

    private static String stripLocation(String message) {
        // networknt prefixes the message with the instance location, which the rejection already names.
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("/") ? message.substring(colon + 2) : message;
    }
}
