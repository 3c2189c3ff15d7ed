package org.thermalcommons.edge.market;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.MessageType;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.Topics;

/**
 * Every outgoing message, in SQLite until the broker acknowledged it. {@link #enqueue} runs inside the caller's
 * transaction (the state change that caused the message). Bounded in count and bytes: when full, the oldest telemetry
 * is dropped (counted), never a bid, ack, delivery report or status. Telemetry queued while the link was down is
 * backlog: after a reconnect live messages go first, then the backlog, oldest first, flagged {@code historical: true}.
 * Everything else keeps its order.
 */
public final class Outbox {
    /** One message to publish. */
    record Row(long seq, String topic, MessageType type, byte[] payload, boolean retained, boolean backlog) {
    }

    private final MarketDb db;
    private final ProtocolCodec codec;
    private final long maxMessages;
    private final long maxBytes;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public Outbox(MarketDb db, ProtocolCodec codec, long maxMessages, long maxBytes) throws SQLException {
        this.db = db;
        this.codec = codec;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        db.tx(d -> {
            // after a restart, queued telemetry is from before: backlog
            d.update("UPDATE outbox SET backlog = 1 WHERE type = 'telemetry'");
            depth.set(d.count("SELECT COUNT(*) FROM outbox"));
            bytes.set(d.count("SELECT COALESCE(SUM(LENGTH(payload)), 0) FROM outbox"));
            return null;
        });
    }

    /** Queues {@code m} on its topic. Call inside {@link MarketDb#tx}. */
    public void enqueue(MarketDb d, Envelope<?> m) throws SQLException {
        byte[] payload = codec.encode(m);
        boolean telemetry = m.type() == MessageType.TELEMETRY;
        while (depth.get() + 1 > maxMessages || bytes.get() + payload.length > maxBytes) {
            List<Object[]> oldest = d.query("SELECT seq, LENGTH(payload) FROM outbox WHERE type = 'telemetry'"
                    + " ORDER BY seq LIMIT 1");
            if (oldest.isEmpty()) {
                if (telemetry) {
                    dropped.incrementAndGet();
                    return;
                }
                break; // never drop a bid, ack, delivery or status: exceed the bound instead
            }
            d.update("DELETE FROM outbox WHERE seq = ?", oldest.get(0)[0]);
            depth.decrementAndGet();
            bytes.addAndGet(-((Number) oldest.get(0)[1]).longValue());
            dropped.incrementAndGet();
        }
        d.update("INSERT INTO outbox (topic, type, payload, retained) VALUES (?,?,?,?)",
                Topics.topicFor(m.type(), m.site()), m.type().wireName(), payload, Topics.retained(m.type()) ? 1 : 0);
        depth.incrementAndGet();
        bytes.addAndGet(payload.length);
    }

    /** The link went down: telemetry queued so far becomes backlog. */
    void markBacklog() throws SQLException {
        db.tx(d -> d.update("UPDATE outbox SET backlog = 1 WHERE type = 'telemetry' AND backlog = 0"));
    }

    /** Up to {@code limit} messages after {@code afterSeq}: live ({@code backlog} false) or backlog, by seq. */
    List<Row> next(boolean backlog, long afterSeq, int limit) throws SQLException {
        List<Row> out = new ArrayList<>();
        for (Object[] r : db.tx(d -> d.query("SELECT seq, topic, type, payload, retained FROM outbox"
                + " WHERE backlog = ? AND seq > ? ORDER BY seq LIMIT ?", backlog ? 1 : 0, afterSeq, limit))) {
            MessageType type = MessageType.fromWireName((String) r[2]).orElseThrow();
            byte[] payload = (byte[]) r[3];
            if (backlog && type == MessageType.TELEMETRY) {
                payload = historical(payload);
            }
            out.add(new Row(((Number) r[0]).longValue(), (String) r[1], type, payload,
                    ((Number) r[4]).intValue() == 1, backlog));
        }
        return out;
    }

    /** The queued telemetry flagged {@code historical: true} (our own JSON: not validated again, for speed). */
    private byte[] historical(byte[] payload) {
        try {
            return codec.withBodyFlag(payload, "historical", true);
        } catch (IllegalArgumentException e) {
            return payload; // we wrote it: cannot happen; send as it is
        }
    }

    /** The broker acknowledged these: remove them (one transaction). */
    void sent(List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (long s : seqs) {
            rows.add(new Object[] {s});
        }
        long[] removed = db.tx(d -> {
            long n = d.count("SELECT COUNT(*) FROM outbox WHERE seq IN (" + placeholders(seqs.size()) + ")",
                    seqs.toArray());
            long b = d.count("SELECT COALESCE(SUM(LENGTH(payload)), 0) FROM outbox WHERE seq IN ("
                    + placeholders(seqs.size()) + ")", seqs.toArray());
            d.batch("DELETE FROM outbox WHERE seq = ?", rows);
            return new long[] {n, b};
        });
        depth.addAndGet(-removed[0]);
        bytes.addAndGet(-removed[1]);
    }

    private static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    public long depth() {
        return depth.get();
    }

    long bytes() {
        return bytes.get();
    }

    long dropped() {
        return dropped.get();
    }
}
