package org.thermalcommons.edge.market.protocol;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The protocol's topics and which message types each carries. */
public final class Topics {
    public static final String PREFIX = "cool/v1/";
    public static final String SIGNALS = PREFIX + "market/signals";
    public static final String CLEARING = PREFIX + "market/clearing";
    /** What a market subscribes to: every site's topics. */
    public static final String ALL_SITES = PREFIX + "sites/+/+";

    /** A site's topic kinds. */
    public enum SiteTopic {
        STATUS("status", true, EnumSet.of(MessageType.STATUS)),
        TELEMETRY("telemetry", false, EnumSet.of(MessageType.TELEMETRY)),
        BIDS("bids", false, EnumSet.of(MessageType.BID, MessageType.BID_CANCEL)),
        DELIVERY("delivery", false, EnumSet.of(MessageType.DELIVERY)),
        ACKS("acks", false, EnumSet.of(MessageType.ACK)),
        RESULTS("results", false, EnumSet.of(MessageType.BID_RESULT, MessageType.TRADE));

        private final String suffix;
        private final boolean retained;
        private final Set<MessageType> types;

        SiteTopic(String suffix, boolean retained, Set<MessageType> types) {
            this.suffix = suffix;
            this.retained = retained;
            this.types = types;
        }

        public String topic(String site) {
            return PREFIX + "sites/" + site + "/" + suffix;
        }

        public boolean retained() {
            return retained;
        }

        public Set<MessageType> types() {
            return types;
        }

        /** Whether the edge publishes on it (else the market does). */
        public boolean fromEdge() {
            return this != RESULTS;
        }
    }

    /** A topic taken apart: the site (empty for market topics) and the types it may carry. */
    public record Parsed(Optional<String> site, Optional<SiteTopic> siteTopic, Set<MessageType> types) {
    }

    private Topics() {
    }

    /** Where a message of {@code type} about {@code site} is published. */
    public static String topicFor(MessageType type, String site) {
        return switch (type) {
            case SIGNAL -> SIGNALS;
            case CLEARING -> CLEARING;
            default -> siteTopicFor(type).topic(site);
        };
    }

    public static SiteTopic siteTopicFor(MessageType type) {
        for (SiteTopic t : SiteTopic.values()) {
            if (t.types.contains(type)) {
                return t;
            }
        }
        throw new IllegalArgumentException(type.wireName() + " is not sent on a site topic");
    }

    public static boolean retained(MessageType type) {
        return type == MessageType.SIGNAL || type == MessageType.STATUS;
    }

    /** Parses a protocol topic; empty for a topic outside the protocol. */
    public static Optional<Parsed> parse(String topic) {
        if (SIGNALS.equals(topic)) {
            return Optional.of(new Parsed(Optional.empty(), Optional.empty(), EnumSet.of(MessageType.SIGNAL)));
        }
        if (CLEARING.equals(topic)) {
            return Optional.of(new Parsed(Optional.empty(), Optional.empty(), EnumSet.of(MessageType.CLEARING)));
        }
        String sites = PREFIX + "sites/";
        if (!topic.startsWith(sites)) {
            return Optional.empty();
        }
        String[] rest = topic.substring(sites.length()).split("/", -1);
        if (rest.length != 2 || !Envelope.SITE_ID.matcher(rest[0]).matches()) {
            return Optional.empty();
        }
        for (SiteTopic t : SiteTopic.values()) {
            if (t.suffix.equals(rest[1])) {
                return Optional.of(new Parsed(Optional.of(rest[0]), Optional.of(t), t.types));
            }
        }
        return Optional.empty();
    }
}
