package org.thermalcommons.edge.market.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every message: protocol version, type, a unique id per sender (receivers drop ids they have processed), the site it
 * concerns (for market broadcasts: the market zone), when it was made, and its body.
 */
public record Envelope<B extends Body>(int v, MessageType type, String id, String site, Instant ts, B body) {
    public static final int VERSION = 1;
    /** Site ids are topic-safe: no {@code /}, {@code +}, {@code #}. */
    public static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public Envelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(body, "body");
        if (v != VERSION) {
            throw new IllegalArgumentException("envelope: v must be " + VERSION);
        }
        if (!SITE_ID.matcher(site).matches()) {
            throw new IllegalArgumentException("envelope: site id must match " + SITE_ID.pattern());
        }
        if (type != MessageType.of(body)) {
            throw new IllegalArgumentException("envelope: type " + type.wireName() + " does not match its body");
        }
    }

    /** A new message with a fresh random UUID. */
    public static <B extends Body> Envelope<B> of(String site, Instant ts, B body) {
        return new Envelope<>(VERSION, MessageType.of(body), UUID.randomUUID().toString(), site, ts, body);
    }

    /** The same message with another body of the same type (the id stays: for re-sends, e.g. flagged historical). */
    public Envelope<B> withBody(B newBody) {
        return new Envelope<>(v, type, id, site, ts, newBody);
    }
}
