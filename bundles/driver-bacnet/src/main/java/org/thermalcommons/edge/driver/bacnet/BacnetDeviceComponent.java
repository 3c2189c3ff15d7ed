package org.thermalcommons.edge.driver.bacnet;

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
 * One BACnet device (one configuration per device), polled on a thread of its own so a silent device never slows
 * another. On deactivation (bundle stop, swap, reconfiguration) it relinquishes every point it commanded.
 */
@Component(service = {PointSource.class, PointSink.class, MetricsSource.class, HealthIndicator.class}, configurationPid = BacnetDeviceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BacnetDeviceComponent.Config.class, factory = true)
public class BacnetDeviceComponent extends FieldDeviceComponent implements MetricsSource, HealthIndicator {
    static final String PID = "org.thermalcommons.edge.driver.bacnet.BacnetDevice";
    private static final Logger LOG = LoggerFactory.getLogger(BacnetDeviceComponent.class);

    @ObjectClassDefinition(name = "COOL Edge BACnet device")
    @interface Config {
        @AttributeDefinition(name = "Device name (first part of its point ids)") String device();

        @AttributeDefinition(name = "Device profile id") String profile();

        @AttributeDefinition(name = "Device instance", min = "0", max = "4194302") int deviceInstance();

        @AttributeDefinition(name = "Address (ip:port)") String address();

        @AttributeDefinition(name = "Write priority", min = "1", max = "16") int writePriority() default 12;

        @AttributeDefinition(name = "Allow priorities 1-8 (life safety, critical equipment, manual operator)")
        boolean allowLifeSafetyPriority() default false;

        @AttributeDefinition(name = "Use COV where supported") boolean covEnabled() default true;

        @AttributeDefinition(name = "COV lifetime (s)", min = "60", max = "86400") int covLifetimeSeconds() default 300;

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

    @Reference
    BacnetNetworkComponent network;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EdgeClock clock;

    @Activate
    void activate(Config c) {
        if (c.device() == null || !c.device().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("device must be 1-64 characters of [A-Za-z0-9_.-], was '" + c.device() + "'");
        }
        if (c.writePriority() <= 8 && !c.allowLifeSafetyPriority()) {
            throw new IllegalArgumentException("writePriority " + c.writePriority()
                    + " is a life-safety/critical/manual-operator slot (1-8); set allowLifeSafetyPriority = true to use it");
        }
        if (c.backoffMinMs() > c.backoffMaxMs()) {
            throw new IllegalArgumentException("backoffMinMs must not exceed backoffMaxMs");
        }
        DeviceProfile profile = profiles.find(c.profile()).orElseThrow(() -> new IllegalArgumentException(
                "BACnet device " + c.device() + ": profile '" + c.profile() + "' not found (known: "
                        + String.join(", ", profiles.all().stream().map(DeviceProfile::id).sorted().toList()) + ")"));
        BacnetDevice.Settings s = new BacnetDevice.Settings(c.device(), c.deviceInstance(), c.address(), c.writePriority(),
                c.covEnabled(), Duration.ofSeconds(c.covLifetimeSeconds()), Duration.ofSeconds(c.staleAfterSeconds()),
                Duration.ofMillis(c.backoffMinMs()), Duration.ofMillis(c.backoffMaxMs()), c.faultAfterFailures(),
                network.network().nextSubscriberId());
        Map<PollGroup, Long> periods = Map.of(PollGroup.FAST, (long) c.fastPeriodMs(), PollGroup.NORMAL,
                (long) c.normalPeriodMs(), PollGroup.SLOW, (long) c.slowPeriodMs());
        device = new BacnetDevice(s, profile, network.network(), this::now, () -> System.nanoTime() / 1_000_000,
                Map.of(PollGroup.FAST, Duration.ofMillis(c.fastPeriodMs()), PollGroup.NORMAL, Duration.ofMillis(c.normalPeriodMs()),
                        PollGroup.SLOW, Duration.ofMillis(c.slowPeriodMs())));
        name = c.device();
        start("bacnet-" + c.device(), device, periods);
        LOG.info("BACnet device {} ({}) instance {} at {}: {} points, write priority {}", c.device(), c.profile(),
                c.deviceInstance(), c.address(), device.definitions().size(), c.writePriority());
    }

    private volatile BacnetDevice device;
    private volatile String name = "?";

    private Instant now() {
        EdgeClock c = clock;
        return c != null ? c.now() : Instant.now();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop();
    }

    @Override
    public String component() {
        return "driver:bacnet-" + name;
    }

    @Override
    public Health health() {
        BacnetDevice d = device;
        return d == null ? Health.down("not started") : d.health();
    }

    @Override
    public void collect(MetricsCollector out) {
        BacnetDevice d = device;
        if (d == null) {
            return;
        }
        Map<String, String> l = Map.of("device", name);
        out.counter("cool_edge_bacnet_requests_total", "confirmed requests sent to the device", l, d.reader().requests.get());
        out.counter("cool_edge_bacnet_refusals_total", "reads the device answered with Error/Reject/Abort", l, d.reader().refusals.get());
        out.counter("cool_edge_bacnet_failures_total", "requests the device did not answer (back-off)", l, d.failures.get());
        out.counter("cool_edge_bacnet_values_read_total", "values read by polls", l, d.reader().valuesRead.get());
        out.counter("cool_edge_bacnet_invalid_values_total", "reads that marked a point FAULT", l, d.pointValues().invalid.get());
        out.counter("cool_edge_bacnet_cov_updates_total", "values received by COV", l, d.cov().updates.get());
        out.counter("cool_edge_bacnet_cov_failures_total", "COV subscriptions not answered", l, d.cov().failures.get());
        out.counter("cool_edge_bacnet_writes_total", "commands by outcome", Map.of("device", name, "status", "accepted"), d.writesAccepted.get());
        out.counter("cool_edge_bacnet_writes_total", "commands by outcome", Map.of("device", name, "status", "refused"), d.writesRefused.get());
        out.counter("cool_edge_bacnet_writes_total", "commands by outcome", Map.of("device", name, "status", "unreachable"), d.writesUnreachable.get());
        out.gauge("cool_edge_bacnet_points_fault", "points FAULT now", l, d.pointValues().faultCount());
    }
}
