package org.thermalcommons.edge.market.protocol;

import java.util.Optional;

/** Every message type of the protocol, its wire name, body record and schema resource. */
public enum MessageType {
    STATUS("status", Status.class),
    TELEMETRY("telemetry", Telemetry.class),
    BID("bid", Bid.class),
    BID_CANCEL("bid-cancel", BidCancel.class),
    DELIVERY("delivery", Delivery.class),
    ACK("ack", Ack.class),
    SIGNAL("signal", Signal.class),
    CLEARING("clearing", Clearing.class),
    BID_RESULT("bid-result", BidResult.class),
    TRADE("trade", Trade.class);

    private final String wireName;
    private final Class<? extends Body> bodyType;

    MessageType(String wireName, Class<? extends Body> bodyType) {
        this.wireName = wireName;
        this.bodyType = bodyType;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends Body> bodyType() {
        return bodyType;
    }

    /** The schema's {@code $id}, also its resource name under {@code schemas/}. */
    public String schemaId() {
        return Schemas.BASE + wireName + ".schema.json";
    }

    public static Optional<MessageType> fromWireName(String name) {
        for (MessageType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static MessageType of(Body body) {
        for (MessageType t : values()) {
            if (t.bodyType.isInstance(body)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no message type for " + body.getClass());
    }
}
