package org.thermalcommons.edge.api.market;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the market link did and is doing, read-only, for displays such as the local console: the link, the outbox,
 * the bids sent, their results and trades, the zone's clearing prices, the delivery reports and the last signal's
 * forecast. Served by the market bundle; answers come from its own database and memory and never wait on the network.
 */
@ProviderType
public interface MarketActivity {
    /** Whether the MQTT link to the market is up now; when it is down the gateway runs autonomously. */
    boolean linkUp();

    /** Since when the link is down (empty while up). */
    Optional<Instant> downSince();

    /** Messages waiting in the outbox for the broker's acknowledgement. */
    long outboxDepth();

    /** Bids for intervals starting at or after {@code from}, newest interval first, at most {@code limit}. */
    List<BidRecord> bids(Instant from, int limit);

    /** Trades won for intervals ending after {@code from}, newest first, at most {@code limit}. */
    List<TradeRecord> trades(Instant from, int limit);

    /** The zone's clearing results for intervals starting at or after {@code from}, newest first. */
    List<ClearingRecord> clearings(Instant from, int limit);

    /** Delivery reports sent for intervals starting at or after {@code from}, newest first. */
    List<DeliveryRecord> deliveries(Instant from, int limit);

    /** Price and carbon forecast from the market's last signal, oldest interval first (empty without a signal). */
    List<ForecastRecord> forecast();

    /**
     * A bid the site sent.
     *
     * @param status {@code sent} (no answer yet), {@code accepted} into the book or {@code rejected} by the market
     */
    record BidRecord(String id, String providerId, String source, Instant intervalStart, String side, double kw,
                     String status) {
    }

    /**
     * A trade the site won.
     *
     * @param kw          signed: positive when the site delivers (sells), negative when it absorbs (buys)
     * @param reported    whether its delivery report went out
     */
    record TradeRecord(String id, String bidId, String providerId, String source, Instant start, Instant end, double kw,
                       double pricePerKwh, boolean reported) {
    }

    /** A clearing result of the site's market zone. */
    record ClearingRecord(Instant start, Instant end, double pricePerKwh, double volumeKw) {
    }

    /** A delivery report: what was committed and delivered over a traded interval, and the carbon it avoided. */
    record DeliveryRecord(Instant start, Instant end, double committedKw, double deliveredKw, double baselineKw,
                          double carbonAvoidedKg) {
    }

    /** One interval of the signal's forecast. */
    record ForecastRecord(Instant start, Instant end, double pricePerKwh, double carbonGPerKwh) {
    }
}
