package org.thermalcommons.edge.console.live;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * One connected live stream: a queue of rendered frames, bounded in bytes, written without ever blocking the caller.
 * Each {@link #offer} queues one batch (every frame of one dispatch) and writes what the connection takes now: all
 * queued batches in one write, then one flush, so a fast client costs one write and one flush per dispatch, never one
 * per event. When the connection is not ready the bytes wait and {@link #writePossible} (the container's call-back)
 * continues. A client that falls behind by more than its bound is <b>conflated</b>: its queue is dropped (and counted)
 * and it waits for the full current state ({@link #resync}), which replaces everything it missed.
 */
public final class StreamClient implements LiveHub.Client {
    /** The connection, as non-blocking output (a servlet output stream in write-listener mode). */
    public interface Output {
        /** Whether a write or flush may be issued now; when false the container calls back once it may. */
        boolean isReady();

        void write(byte[] bytes) throws IOException;

        void flush() throws IOException;

        /** Ends the response. */
        void complete();
    }

    private final Output out;
    private final int maxQueuedBytes;
    private final java.util.function.BooleanSupplier live;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean flushPending;
    private boolean waitingForResync;
    private boolean closed;

    public StreamClient(Output out, int maxQueuedBytes, java.util.function.BooleanSupplier live) {
        this.out = out;
        this.maxQueuedBytes = maxQueuedBytes;
        this.live = live;
    }

    @Override
    public synchronized LiveHub.Offer offer(byte[] frames) {
        if (closed) {
            return LiveHub.Offer.GONE;
        }
        if (waitingForResync) {
            return LiveHub.Offer.CONFLATED;
        }
        if (queuedBytes + frames.length > maxQueuedBytes) {
            queue.clear();
            queuedBytes = 0;
            waitingForResync = true;
            return LiveHub.Offer.CONFLATED;
        }
        enqueue(frames);
        pump();
        return closed ? LiveHub.Offer.GONE : LiveHub.Offer.QUEUED;
    }

    @Override
    public synchronized boolean needsResync() {
        return waitingForResync && !closed;
    }

    @Override
    public synchronized LiveHub.Offer resync(byte[] fullState) {
        if (closed) {
            return LiveHub.Offer.GONE;
        }
        waitingForResync = false;
        queue.clear();
        queuedBytes = 0;
        return offer(fullState);
    }

    /** The container's call-back: the connection takes more. */
    public synchronized void writePossible() {
        pump();
    }

    /** The connection failed (client gone). */
    public synchronized void failed() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
    }

    /** Bytes waiting for the connection. */
    public synchronized int queuedBytes() {
        return queuedBytes;
    }

    private void enqueue(byte[] frames) {
        queue.add(frames);
        queuedBytes += frames.length;
    }

    private void pump() {
        try {
            while (!closed && out.isReady()) {
                if (!queue.isEmpty()) {
                    out.write(drain());
                    flushPending = true;
                } else if (flushPending) {
                    flushPending = false;
                    out.flush();
                } else {
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            failed();
        }
    }

    private byte[] drain() {
        byte[] all;
        if (queue.size() == 1) {
            all = queue.poll();
        } else {
            all = new byte[queuedBytes];
            int at = 0;
            for (byte[] b : queue) {
                System.arraycopy(b, 0, all, at, b.length);
                at += b.length;
            }
            queue.clear();
        }
        queuedBytes = 0;
        return all;
    }

    @Override
    public boolean live() {
        return live.getAsBoolean();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
        }
        out.complete();
    }
}
