package org.thermalcommons.edge.driver.modbus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfileRegistry;
import org.thermalcommons.edge.api.time.EdgeClock;

/**
 * One Modbus TCP device (one configuration per device). Polls on a thread of its own, so a slow or dead device never
 * delays another device or the control cycle.
 */
@Component(service = {PointSource.class, PointSink.class}, configurationPid = ModbusDeviceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ModbusDeviceComponent.Config.class, factory = true)
public class ModbusDeviceComponent implements PointSource, PointSink {
    static final String PID = "org.thermalcommons.edge.driver.modbus.ModbusDevice";
    private static final Logger LOG = LoggerFactory.getLogger(ModbusDeviceComponent.class);

    @ObjectClassDefinition(name = "COOL Edge Modbus TCP device")
    @interface Config {
        @AttributeDefinition(name = "Device name (first part of its point ids)") String device();

        @AttributeDefinition(name = "Device profile id") String profile();

        @AttributeDefinition(name = "Host") String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", min = "1", max = "65535") int port() default 502;

        @AttributeDefinition(name = "Unit id", min = "0", max = "255") int unitId() default 1;

        @AttributeDefinition(name = "Timeout (ms)", min = "50", max = "60000") int timeoutMs() default 1000;

        @AttributeDefinition(name = "Retries", min = "0", max = "10") int retries() default 1;

        @AttributeDefinition(name = "Minimum gap between transactions (ms)", min = "0", max = "10000") int minGapMs() default 10;

        @AttributeDefinition(name = "Merge reads across gaps of up to (registers)", min = "0", max = "100") int maxGap() default 4;

        @AttributeDefinition(name = "Fast poll period (ms)", min = "100", max = "3600000") int fastPeriodMs() default 1000;

        @AttributeDefinition(name = "Normal poll period (ms)", min = "100", max = "3600000") int normalPeriodMs() default 5000;

        @AttributeDefinition(name = "Slow poll period (ms)", min = "100", max = "3600000") int slowPeriodMs() default 30000;

        @AttributeDefinition(name = "Stale after (s)", min = "1", max = "86400") int staleAfterSeconds() default 15;

        @AttributeDefinition(name = "Back-off start (ms)", min = "100", max = "600000") int backoffMinMs() default 1000;

        @AttributeDefinition(name = "Back-off limit (ms)", min = "100", max = "3600000") int backoffMaxMs() default 60000;

        @AttributeDefinition(name = "Failures before points turn fault", min = "1", max = "100") int faultAfterFailures() default 3;
    }

    @Reference
    ProfileRegistry profiles;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EdgeClock clock;

    private ModbusDevice device;
    private ScheduledExecutorService thread;
    private String id;

    @Activate
    void activate(Config c) {
        if (c.device() == null || !c.device().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("device must be 1-64 characters of [A-Za-z0-9_.-], was '" + c.device() + "'");
        }
        if (c.backoffMinMs() > c.backoffMaxMs()) {
            throw new IllegalArgumentException("backoffMinMs must not exceed backoffMaxMs");
        }
        DeviceProfile profile = profiles.find(c.profile()).orElseThrow(() -> new IllegalArgumentException(
                "Modbus device " + c.device() + ": profile '" + c.profile() + "' not found (known: "
                        + String.join(", ", profiles.all().stream().map(DeviceProfile::id).sorted().toList()) + ")"));
        id = "modbus-" + c.device();
        ModbusDevice.Settings s = new ModbusDevice.Settings(c.device(), c.unitId(), c.maxGap(), c.minGapMs(),
                Duration.ofSeconds(c.staleAfterSeconds()), Duration.ofMillis(c.backoffMinMs()), Duration.ofMillis(c.backoffMaxMs()),
                c.faultAfterFailures());
        device = new ModbusDevice(s, profile, new J2modTransport(c.host(), c.port(), c.timeoutMs(), c.retries()), this::now,
                () -> System.nanoTime() / 1_000_000, ms -> {
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-modbus-" + c.device());
            t.setDaemon(true);
            return t;
        });
        for (PollGroup g : device.pollGroups()) {
            long period = switch (g) {
                case FAST -> c.fastPeriodMs();
                case NORMAL -> c.normalPeriodMs();
                case SLOW -> c.slowPeriodMs();
            };
            thread.scheduleAtFixedRate(() -> pollSafely(g), 0, period, TimeUnit.MILLISECONDS);
        }
        LOG.info("Modbus device {} ({}) at {}:{} unit {}: {} points", c.device(), c.profile(), c.host(), c.port(), c.unitId(),
                device.definitions().size());
    }

    private void pollSafely(PollGroup g) {
        try {
            device.poll(g);
        } catch (RuntimeException e) {
            LOG.error("Modbus device {}: poll of group {} failed unexpectedly", id, g, e);
        }
    }

    private Instant now() {
        EdgeClock c = clock;
        return c != null ? c.now() : Instant.now();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        thread.shutdown();
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
    public void write(WriteRequest request) {
        submit(() -> device.write(request.point(), request.value()));
    }

    @Override
    public void relinquish(PointId point) {
        submit(() -> device.relinquish(point));
    }

    private void submit(Runnable r) {
        try {
            thread.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.warn("Modbus device {} is stopping; write not sent", id);
        }
    }
}
