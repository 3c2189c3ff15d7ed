package org.thermalcommons.edge.driver.modbus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfileRegistry;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.driver.support.FieldDeviceComponent;

/**
 * One Modbus TCP device (one configuration per device). Polls on a thread of its own, so a slow or dead device never
 * delays another device or the control cycle.
 */
@Component(service = {PointSource.class, PointSink.class, MetricsSource.class, HealthIndicator.class}, configurationPid = ModbusDeviceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ModbusDeviceComponent.Config.class, factory = true)
public class ModbusDeviceComponent extends FieldDeviceComponent implements MetricsSource, HealthIndicator {
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

        @AttributeDefinition(name = "Merge reads across gaps of up to (registers)", description = "Never more than the profile's "
                + "modbus.maxGap allows (default 0: unmapped registers are never read)", min = "0", max = "100") int maxGap() default 100;

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

    private volatile ModbusDevice device;
    private volatile ModbusMetrics metrics;
    private volatile String name;

    @Activate
    void activate(Config c) {
        name = c.device();
        if (c.device() == null || !c.device().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("device must be 1-64 characters of [A-Za-z0-9_.-], was '" + c.device() + "'");
        }
        if (c.backoffMinMs() > c.backoffMaxMs()) {
            throw new IllegalArgumentException("backoffMinMs must not exceed backoffMaxMs");
        }
        DeviceProfile profile = profiles.find(c.profile()).orElseThrow(() -> new IllegalArgumentException(
                "Modbus device " + c.device() + ": profile '" + c.profile() + "' not found (known: "
                        + String.join(", ", profiles.all().stream().map(DeviceProfile::id).sorted().toList()) + ")"));
        Map<PollGroup, Duration> periods = Map.of(PollGroup.FAST, Duration.ofMillis(c.fastPeriodMs()), PollGroup.NORMAL,
                Duration.ofMillis(c.normalPeriodMs()), PollGroup.SLOW, Duration.ofMillis(c.slowPeriodMs()));
        ModbusDevice.Settings s = new ModbusDevice.Settings(c.device(), c.unitId(), c.maxGap(), c.minGapMs(),
                Duration.ofSeconds(c.staleAfterSeconds()), Duration.ofMillis(c.backoffMinMs()), Duration.ofMillis(c.backoffMaxMs()),
                c.faultAfterFailures(), periods);
        ModbusCounters counters = new ModbusCounters();
        ModbusDevice device = new ModbusDevice(s, profile, new J2modTransport(c.host(), c.port(), c.timeoutMs(), c.retries(), counters),
                counters, this::now, () -> System.nanoTime() / 1_000_000, ms -> {
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        this.device = device;
        this.metrics = new ModbusMetrics(c.device(), device);
        start("modbus-" + c.device(), device, Map.of(PollGroup.FAST, (long) c.fastPeriodMs(), PollGroup.NORMAL,
                (long) c.normalPeriodMs(), PollGroup.SLOW, (long) c.slowPeriodMs()));
        LOG.info("Modbus device {} ({}) at {}:{} unit {}: {} points", c.device(), c.profile(), c.host(), c.port(), c.unitId(),
                device.definitions().size());
    }

    @Override
    public void collect(MetricsCollector out) {
        ModbusMetrics m = metrics;
        if (m != null) {
            m.collect(out);
        }
    }

    @Override
    public String component() {
        ModbusDevice d = device;
        return "driver:modbus-" + (d == null ? "?" : name);
    }

    @Override
    public Health health() {
        ModbusDevice d = device;
        return d == null ? Health.down("not started") : d.health();
    }

    private Instant now() {
        EdgeClock c = clock;
        return c != null ? c.now() : Instant.now();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop();
    }
}
