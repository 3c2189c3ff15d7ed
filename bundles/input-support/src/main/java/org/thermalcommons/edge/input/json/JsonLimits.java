package org.thermalcommons.edge.input.json;

import org.thermalcommons.edge.input.InputKind;

/**
 * Limits for one kind of JSON input, applied by the parser itself (Jackson's {@code StreamReadConstraints}) so a
 * hostile document fails while being read, before any tree is built for it.
 *
 * @param maxDocumentBytes whole document
 * @param maxNestingDepth  objects and arrays inside each other
 * @param maxStringLength  one string value, in characters
 * @param maxNameLength    one field name, in characters
 * @param maxNumberLength  one number, in characters
 * @param maxTokens        tokens in the document (bounds the tree's size and the validation work)
 */
public record JsonLimits(long maxDocumentBytes, int maxNestingDepth, int maxStringLength, int maxNameLength,
                         int maxNumberLength, long maxTokens) {
    /** Device profiles: up to about 1,000 points. */
    public static final JsonLimits PROFILE = new JsonLimits(InputKind.PROFILE.maxBytes(), 16, 4096, 64, 32, 100_000);
    /** Market messages over MQTT. */
    public static final JsonLimits MQTT_PAYLOAD = new JsonLimits(InputKind.MQTT_PAYLOAD.maxBytes(), 16, 16_384, 64, 32, 50_000);
    /** Console request bodies. */
    public static final JsonLimits HTTP_BODY = new JsonLimits(InputKind.HTTP_BODY.maxBytes(), 16, 16_384, 64, 32, 100_000);

    public JsonLimits {
        if (maxDocumentBytes <= 0 || maxNestingDepth <= 0 || maxStringLength <= 0 || maxNameLength <= 0
                || maxNumberLength <= 0 || maxTokens <= 0) {
            throw new IllegalArgumentException("every JSON limit must be positive");
        }
    }
}
