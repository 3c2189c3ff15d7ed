package org.thermalcommons.edge.console.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;

/**
 * Fans the live state out to every connected stream (Server-Sent Events): changed point values after each cycle,
 * changed command states, and console events (audit entries, overrides). The cycle thread only hands over its
 * snapshot ({@link #offer}); one dispatcher thread diffs it against what was last sent, renders every frame of that
 * dispatch once, as one batch of bytes, and offers the batch to each client's own bounded queue, which writes without
 * blocking ({@link StreamClient}): a slow client never delays the others. A client that fell behind by more than its
 * bound is conflated — what it missed is dropped (counted) and it receives a {@code resync} frame with the full current
 * state instead. A client whose connection failed or whose session ended is dropped.
 */
public final class LiveHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    private static final Object WAKE = new Object();

    /** What became of a batch offered to a client. */
    public enum Offer {
        /** Queued (and written as far as the connection takes it). */
        QUEUED,
        /** Dropped: the client is too far behind; it gets the full state next. */
        CONFLATED,
        /** The client is gone. */
        GONE
    }

    /** A connected stream. Every method returns at once (never waits on the network). */
    public interface Client {
        /** Queues one batch of frames. */
        Offer offer(byte[] frames);

        /** Whether the client dropped frames and waits for the full state. */
        boolean needsResync();

        /** Replaces whatever the client missed with the full current state. */
        Offer resync(byte[] fullState);

        /** Whether the client may still receive (its session is live). */
        boolean live();

        /** Ends the stream (session over, console stopping). */
        void close();
    }

    private final Function<Object, String> toJson;
    private final Supplier<Optional<CommandRegistry>> commands;
    private final int maxClients;
    private final Duration heartbeat;
    private final AtomicReference<PointSnapshot> pending = new AtomicReference<>();
    private final BlockingQueue<String> events = new ArrayBlockingQueue<>(1_000);
    private final BlockingQueue<Object> wake = new ArrayBlockingQueue<>(1);
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong droppedClients = new AtomicLong();
    private final AtomicLong conflated = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final Thread dispatcher;
    private volatile boolean running = true;

    /** Dispatcher thread only. */
    private final Map<PointId, PointValue> sent = new LinkedHashMap<>();
    private final Map<PointId, CommandStatus> sentCommands = new LinkedHashMap<>();

    public LiveHub(Function<Object, String> toJson, Supplier<Optional<CommandRegistry>> commands, int maxClients,
                   Duration heartbeat) {
        this.toJson = toJson;
        this.commands = commands;
        this.maxClients = maxClients;
        this.heartbeat = heartbeat;
        this.dispatcher = new Thread(this::run, "console-live");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** The cycle's latest snapshot; returns at once (the newest replaces one not yet sent). */
    public void offer(PointSnapshot snapshot) {
        pending.set(snapshot);
        wake.offer(WAKE);
    }

    /** A console event for every client, e.g. {@code audit} or {@code overrides}. Dropped (and counted) when full. */
    public void publish(String event, Object data) {
        if (!events.offer(frame(event, toJson.apply(data)))) {
            droppedEvents.incrementAndGet();
        }
        wake.offer(WAKE);
    }

    /** Adds a client; false when there are already {@code maxClients}. */
    public boolean add(Client c) {
        synchronized (clients) {
            if (clients.size() >= maxClients) {
                return false;
            }
            clients.add(c);
        }
        return true;
    }

    public int clients() {
        return clients.size();
    }

    /** Batches queued to clients (one per client and dispatch). */
    public long framesSent() {
        return framesSent.get();
    }

    public long droppedEvents() {
        return droppedEvents.get();
    }

    public long droppedClients() {
        return droppedClients.get();
    }

    /** Batches dropped for clients that fell behind (they were sent the full state instead). */
    public long conflatedBatches() {
        return conflated.get();
    }

    /** Full-state frames sent to clients that had fallen behind. */
    public long resyncs() {
        return resyncs.get();
    }

    private void run() {
        long lastBeat = System.nanoTime();
        long lastCommands = 0;
        while (running) {
            try {
                wake.poll(250, TimeUnit.MILLISECONDS);
                StringBuilder frames = new StringBuilder();
                PointSnapshot snap = pending.getAndSet(null);
                if (snap != null) {
                    pointsFrame(snap).ifPresent(frames::append);
                }
                long now = System.nanoTime();
                if (now - lastCommands >= 1_000_000_000L) {
                    lastCommands = now;
                    commandsFrame().ifPresent(frames::append);
                }
                for (String e; (e = events.poll()) != null; ) {
                    frames.append(e);
                }
                if (now - lastBeat >= heartbeat.toNanos()) {
                    lastBeat = now;
                    frames.append(": heartbeat\n\n");
                }
                if (!frames.isEmpty()) {
                    send(frames.toString().getBytes(StandardCharsets.UTF_8));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Console live stream: dispatch failed ({}); continuing", e.toString(), e);
            }
        }
    }

    private void send(byte[] batch) {
        byte[] full = null;
        for (Client c : clients) {
            if (!c.live()) {
                drop(c);
                continue;
            }
            Offer o;
            if (c.needsResync()) {
                if (full == null) {
                    full = fullState();
                }
                o = c.resync(full);
                resyncs.incrementAndGet();
            } else {
                o = c.offer(batch);
            }
            switch (o) {
                case QUEUED -> framesSent.incrementAndGet();
                case CONFLATED -> conflated.incrementAndGet();
                case GONE -> drop(c);
            }
        }
    }

    private void drop(Client c) {
        clients.remove(c);
        droppedClients.incrementAndGet();
        c.close();
    }

    /** Everything a client that fell behind needs: a resync marker, every point's last value, every command. */
    private byte[] fullState() {
        StringBuilder b = new StringBuilder(frame("resync", "{}"));
        if (!sent.isEmpty()) {
            b.append(frame("points", toJson.apply(sent.values().stream().map(Views::value).toList())));
        }
        if (!sentCommands.isEmpty()) {
            b.append(frame("commands", toJson.apply(sentCommands.values().stream().map(Views::command).toList())));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Optional<String> pointsFrame(PointSnapshot snap) {
        List<Map<String, Object>> changed = new ArrayList<>();
        for (PointValue v : snap.values().values()) {
            PointValue old = sent.get(v.id());
            if (old == null || old.value() != v.value() || old.quality() != v.quality() || !old.timestamp().equals(v.timestamp())) {
                sent.put(v.id(), v);
                changed.add(Views.value(v));
            }
        }
        return changed.isEmpty() ? Optional.empty() : Optional.of(frame("points", toJson.apply(changed)));
    }

    private Optional<String> commandsFrame() {
        Optional<CommandRegistry> reg = commands.get();
        if (reg.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, Object>> changed = new ArrayList<>();
        for (CommandStatus c : reg.get().commands()) {
            if (!Objects.equals(sentCommands.get(c.point()), c)) {
                sentCommands.put(c.point(), c);
                changed.add(Views.command(c));
            }
        }
        return changed.isEmpty() ? Optional.empty() : Optional.of(frame("commands", toJson.apply(changed)));
    }

    static String frame(String event, String json) {
        return "event: " + event + "\ndata: " + json + "\n\n";
    }

    /** Stops the dispatcher and ends every stream. */
    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        try {
            dispatcher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Client c : clients) {
            c.close();
        }
        clients.clear();
    }

}
