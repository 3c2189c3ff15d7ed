package org.thermalcommons.edge.market.protocol;

/** The body of one message type; {@link MessageType#of(Body)} names its type. */
public sealed interface Body permits Status, Telemetry, Bid, BidCancel, Delivery, Ack, Signal, Clearing, BidResult,
        Trade {
}
