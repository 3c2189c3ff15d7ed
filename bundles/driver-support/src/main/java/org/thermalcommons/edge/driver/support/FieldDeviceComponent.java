package org.thermalcommons.edge.driver.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.PollGroup;

/**
 * The service side of one field device: a point source and sink whose I/O runs on a thread of its own (so a slow or
 * dead device never delays another device or the control cycle), polling each group at its period. Writes and
 * relinquishes take <b>one pending slot per point</b>: a newer one replaces an unsent one, which completes
 * {@link WriteOutcome.Status#SUPERSEDED}. Pending commands go out on the device thread before the next poll, and are
 * held while {@link FieldDevice#available()} is false (the device backs off); the newest goes out once it answers.
 * Every caller's {@code done} is called exactly once, on the device thread (or the stopping thread). When a back-off
 * ends, every group is polled at once (within {@value #HELD_CHECK_MS} ms), not at its next period: a device that comes
 * back is read, and so re-commanded, without waiting out a period the back-off made it miss. Driver components extend
 * it and call {@link #start} and {@link #stop}.
 */
public abstract class FieldDeviceComponent implements PointSource, PointSink {
    private static final Logger LOG = LoggerFactory.getLogger(FieldDeviceComponent.class);
    /** How often held commands are looked at while the device is unavailable. */
    private static final long HELD_CHECK_MS = 100;

    /** One point's pending command: a value to write, or a relinquish (NaN). */
    private record Pending(double value, boolean relinquish, Consumer<WriteOutcome> done) {
    }

    private final Map<PointId, Pending> pending = new ConcurrentHashMap<>();
    private String id;
    private FieldDevice device;
    private ScheduledExecutorService thread;
    /** The device was unavailable (backing off) when last looked at; device thread only. */
    private boolean backingOff;

    /**
     * @param id      source and sink id, e.g. {@code modbus-battery}
     * @param periods poll period in milliseconds per group
     */
    protected final void start(String id, FieldDevice device, Map<PollGroup, Long> periods) {
        this.id = id;
        this.device = device;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-" + id);
            t.setDaemon(true);
            return t;
        });
        for (PollGroup g : device.pollGroups()) {
            thread.scheduleAtFixedRate(() -> {
                poll(g);
                backingOff = !available();
                sendPending();
            }, 0, periods.get(g), TimeUnit.MILLISECONDS);
        }
        thread.scheduleWithFixedDelay(this::check, HELD_CHECK_MS, HELD_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private void poll(PollGroup g) {
        try {
            device.poll(g);
        } catch (RuntimeException e) {
            LOG.error("Device {}: poll of group {} failed unexpectedly; it runs again next period", id, g, e);
        }
    }

    /**
     * Device thread, every {@value #HELD_CHECK_MS} ms: when a back-off has just ended, polls every group now (a poll
     * tick that came a moment before the back-off ended skipped its attempt, and the next one is a period away), then
     * sends what is pending.
     */
    private void check() {
        boolean available = available();
        if (!available) {
            backingOff = true;
            return;
        }
        if (backingOff) {
            backingOff = false;
            for (PollGroup g : device.pollGroups()) {
                poll(g);
            }
            backingOff = !available();
        }
        sendPending();
    }

    private boolean available() {
        try {
            return device.available();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Lets the device say its last words on its thread (bounded), then stops the thread and closes the device.
     * Commands still pending complete {@link WriteOutcome.Status#UNREACHABLE}.
     */
    protected final void stop() throws InterruptedException {
        try {
            thread.submit(this::sendPending).get(10, TimeUnit.SECONDS);
            thread.submit(device::beforeStop).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("Device {}: did not finish before stopping: {}", id, e.toString());
        }
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
        for (PointId p : List.copyOf(pending.keySet())) {
            Pending c = pending.remove(p);
            if (c != null) {
                complete(c, WriteOutcome.unreachable("device " + id + " stopped before the command was sent"));
            }
        }
        device.close();
    }

    @Override
    public String sourceId() {
        return id;
    }

    @Override
    public List<PointDefinition> points() {
        return device.definitions();
    }

    @Override
    public Map<PointId, PointValue> latestValues() {
        return device.values();
    }

    @Override
    public String sinkId() {
        return id;
    }

    @Override
    public boolean canWrite(PointId point) {
        return device.writable(point);
    }

    @Override
    public void write(PointId point, double value, Consumer<WriteOutcome> done) {
        offer(point, new Pending(value, false, done));
    }

    @Override
    public void relinquish(PointId point, Consumer<WriteOutcome> done) {
        offer(point, new Pending(Double.NaN, true, done));
    }

    /** Number of commands waiting to be sent (for tests and metrics). */
    protected final int pendingCount() {
        return pending.size();
    }

    private void offer(PointId point, Pending p) {
        Pending old = pending.put(point, p);
        if (old != null) {
            complete(old, WriteOutcome.superseded());
        }
        try {
            thread.execute(this::sendPending);
        } catch (RejectedExecutionException e) {
            if (pending.remove(point, p)) {
                complete(p, WriteOutcome.unreachable("device " + id + " is stopping"));
            }
        }
    }

    /** Device thread: sends every pending command, newest per point, unless the device is backing off. */
    private void sendPending() {
        if (pending.isEmpty() || !available()) {
            return;
        }
        for (PointId p : List.copyOf(pending.keySet())) {
            Pending c = pending.remove(p);
            if (c == null) {
                continue;
            }
            WriteOutcome o;
            try {
                o = c.relinquish() ? device.relinquish(p) : device.write(p, c.value());
            } catch (RuntimeException e) {
                LOG.warn("Device {}: {} of {} failed unexpectedly: {}", id, c.relinquish() ? "relinquish" : "write", p,
                        e.toString());
                o = WriteOutcome.unreachable("driver failed: " + e);
            }
            complete(c, o == null ? WriteOutcome.unreachable("driver gave no outcome") : o);
        }
    }

    private void complete(Pending c, WriteOutcome o) {
        try {
            c.done().accept(o);
        } catch (RuntimeException e) {
            LOG.warn("Device {}: a write callback threw: {}", id, e.toString());
        }
    }
}
