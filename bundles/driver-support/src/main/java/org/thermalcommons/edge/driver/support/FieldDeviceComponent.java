package org.thermalcommons.edge.driver.support;

import java.util.List;
import java.util.Map;
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
 * dead device never delays another device or the control cycle), polling each group at its period and queuing writes
 * behind the polls. Driver components extend it and call {@link #start} and {@link #stop}.
 */
public abstract class FieldDeviceComponent implements PointSource, PointSink {
    private static final Logger LOG = LoggerFactory.getLogger(FieldDeviceComponent.class);

    private String id;
    private FieldDevice device;
    private ScheduledExecutorService thread;

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
                try {
                    device.poll(g);
                } catch (RuntimeException e) {
                    LOG.error("Device {}: poll of group {} failed unexpectedly; it runs again next period", id, g, e);
                }
            }, 0, periods.get(g), TimeUnit.MILLISECONDS);
        }
    }

    /** Lets the device say its last words on its thread (bounded), then stops the thread and closes the device. */
    protected final void stop() throws InterruptedException {
        try {
            thread.submit(device::beforeStop).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("Device {}: did not finish before stopping: {}", id, e.toString());
        }
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
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
        submit(() -> done.accept(device.write(point, value)));
    }

    @Override
    public void relinquish(PointId point, Consumer<WriteOutcome> done) {
        submit(() -> done.accept(device.relinquish(point)));
    }

    private void submit(Runnable r) {
        try {
            thread.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.warn("Device {} is stopping; command not sent", id);
        }
    }
}
