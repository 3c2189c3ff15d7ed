package org.thermalcommons.edge.market;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.input.RateLimitedLog;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.ProtocolException;
import org.thermalcommons.edge.market.protocol.Topics;

/**
 * Every received message: size-checked, parsed and validated against its schema (the codec), its envelope site
 * checked against the topic (results must be for this site), deduplicated by id in SQLite (a redelivery after a
 * restart is still a duplicate), and handed to the {@link Handler} in the same transaction that records the id, so
 * it is persisted before it is acted upon. A bad payload is rejected with where and which rule, logged (rate-limited)
 * and counted by rule; it never throws.
 */
final class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    /** Acts on a valid, new message inside the transaction that records it. */
    interface Handler {
        void handle(MarketDb db, Envelope<?> message) throws SQLException;
    }

    private final MarketDb db;
    private final ProtocolCodec codec;
    private final String site;
    private final Handler handler;
    private final Supplier<Instant> clock;
    private final RateLimitedLog rejections = RateLimitedLog.perMinute(LOG);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();

    Inbox(MarketDb db, ProtocolCodec codec, String site, Handler handler, Supplier<Instant> clock) {
        this.db = db;
        this.codec = codec;
        this.site = site;
        this.handler = handler;
        this.clock = clock;
    }

    /** @throws SQLException when the database fails: the message is not acknowledged and comes again */
    void receive(String topic, byte[] payload) throws SQLException {
        received.incrementAndGet();
        Envelope<?> m;
        try {
            m = codec.decode(topic, payload);
        } catch (ProtocolException e) {
            reject(topic, e.rule(), e.getMessage());
            return;
        }
        Topics.Parsed parsed = Topics.parse(topic).orElseThrow();
        if (parsed.site().isPresent() && !parsed.site().get().equals(site)) {
            reject(topic, "site", "message for site " + parsed.site().get() + ", this gateway is " + site);
            return;
        }
        if (parsed.siteTopic().map(Topics.SiteTopic::fromEdge).orElse(false)) {
            reject(topic, "topic", "a gateway does not receive " + m.type().wireName());
            return;
        }
        boolean fresh = db.tx(d -> {
            if (d.update("INSERT OR IGNORE INTO inbox VALUES (?,?,?)", m.id(), m.type().wireName(),
                    clock.get().getEpochSecond()) == 0) {
                return false;
            }
            handler.handle(d, m);
            return true;
        });
        if (!fresh) {
            duplicates.incrementAndGet();
        }
    }

    private void reject(String topic, String rule, String message) {
        rejected.computeIfAbsent(rule, k -> new AtomicLong()).incrementAndGet();
        rejections.warn(rule, "market: rejected a message on {}: {}", topic, message);
    }

    long received() {
        return received.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    Map<String, AtomicLong> rejected() {
        return rejected;
    }

    long rejectedTotal() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
