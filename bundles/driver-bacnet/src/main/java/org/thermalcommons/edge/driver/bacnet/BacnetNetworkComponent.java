package org.thermalcommons.edge.driver.bacnet;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.thermalcommons.edge.driver.bacnet.link.BacnetIpLink;
import org.thermalcommons.edge.driver.bacnet.link.DatagramScreen;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;

/**
 * The gateway's BACnet/IP network: its own device (identity from site configuration), discovery, the directory of
 * devices found, datagram counters for /metrics. A port already in use stops activation with one line naming it.
 */
@Component(service = {DeviceDirectory.class, BacnetNetworkComponent.class, MetricsSource.class, HealthIndicator.class},
        configurationPid = BacnetNetworkComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BacnetNetworkComponent.Config.class)
public class BacnetNetworkComponent implements DeviceDirectory, MetricsSource, HealthIndicator {
    static final String PID = "org.thermalcommons.edge.driver.bacnet.BacnetNetwork";
    private static final Logger LOG = LoggerFactory.getLogger(BacnetNetworkComponent.class);

    @ObjectClassDefinition(name = "COOL Edge BACnet/IP network")
    @interface Config {
        @AttributeDefinition(name = "Local bind address") String localAddress() default "127.0.0.1";

        @AttributeDefinition(name = "Broadcast address (never 255.255.255.255)") String broadcastAddress() default "127.255.255.255";

        @AttributeDefinition(name = "Network prefix length", min = "1", max = "32") int networkPrefix() default 8;

        @AttributeDefinition(name = "Local UDP port", min = "1", max = "65535") int port() default 47808;

        @AttributeDefinition(name = "Gateway's device instance", min = "0", max = "4194302") int localDeviceInstance() default 4194000;

        @AttributeDefinition(name = "Gateway's device object-name") String objectName() default "COOL Edge gateway";

        @AttributeDefinition(name = "Gateway's vendor-name") String vendorName() default "Thermal Commons";

        @AttributeDefinition(name = "Gateway's model-name") String modelName() default "COOL Edge";

        @AttributeDefinition(name = "Gateway's location (site, building, room)") String location() default "";

        @AttributeDefinition(name = "Hard deadline per request (ms)", min = "100", max = "60000") int timeoutMs() default 3000;

        @AttributeDefinition(name = "Who-Is every (s)", min = "0", max = "86400", description = "0 = only at start") int discoverySeconds() default 300;

        @AttributeDefinition(name = "Further ports for Who-Is and broadcast I-Am",
                description = "Loopback devices each listen on their own port; the gateway's own port is always included")
        int[] discoveryPorts() default {};
    }

    /** Start-up failure told in one line (the message says it all; no stack trace to print). */
    static final class StartFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartFailure(String message) {
            super(message, null, false, false);
        }
    }

    private BacnetNetwork network;
    private ObjectListReader objects;
    private ObjectStateReader states;
    private DiscoveryRounds rounds;
    private ScheduledExecutorService discovery;

    @Activate
    void activate(Config c) throws Exception {
        for (String[] kv : new String[][] {{"objectName", c.objectName()}, {"vendorName", c.vendorName()},
                {"modelName", c.modelName()}, {"location", c.location()}}) {
            if (kv[1] == null || kv[1].length() > 64 || kv[1].chars().anyMatch(ch -> ch < 0x20)) {
                throw new IllegalArgumentException(kv[0] + " must be at most 64 printable characters");
            }
        }
        List<Integer> ports = Arrays.stream(c.discoveryPorts()).boxed().toList();
        try {
            network = new BacnetNetwork(c.localAddress(), c.broadcastAddress(), c.port(), ports,
                    new BacnetNetwork.Identity(c.localDeviceInstance(), c.objectName(), c.vendorName(), c.modelName(), c.location()),
                    c.timeoutMs());
        } catch (BacnetIpLink.PortInUseException e) {
            LOG.error("BACnet/IP cannot start: {}", e.getMessage());
            throw new StartFailure("BACnet/IP cannot start: " + e.getMessage());
        }
        objects = new ObjectListReader(network);
        states = new ObjectStateReader(network, Instant::now);
        rounds = new DiscoveryRounds(network, ports, System::nanoTime);
        discovery = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cool-edge-bacnet-discovery");
            t.setDaemon(true);
            return t;
        });
        Runnable whoIs = () -> {
            try {
                network.discover(ports);
            } catch (RuntimeException e) {
                LOG.warn("BACnet Who-Is failed: {}", e.toString());
            }
        };
        if (c.discoverySeconds() > 0) {
            discovery.scheduleWithFixedDelay(whoIs, 0, c.discoverySeconds(), TimeUnit.SECONDS);
        } else {
            discovery.execute(whoIs);
        }
    }

    BacnetNetwork network() {
        return network;
    }

    /** One Who-Is round now (the console's "discover now"), rate-limited; waits for I-Am at most {@code wait}. */
    @Override
    public List<DiscoveredDevice> discoverNow(Duration wait) {
        return rounds.run(wait);
    }

    @Override
    public ObjectReading readObject(int device, String type, int instance) {
        return states.read(device, type, instance);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        discovery.shutdownNow();
        // bacnet4j can take ~10 s to stop; bound the wait so shutdown is not held up.
        Thread t = new Thread(network::close, "cool-edge-bacnet-stop");
        t.setDaemon(true);
        t.start();
        t.join(3000);
    }

    @Override
    public String protocol() {
        return "bacnet";
    }

    @Override
    public List<DiscoveredDevice> devices() {
        return network.devices();
    }

    @Override
    public Optional<DiscoveredDevice> describe(int instance) {
        return objects.describe(instance);
    }

    @Override
    public void collect(MetricsCollector out) {
        DatagramScreen s = network.screen();
        for (DatagramScreen.Rule r : DatagramScreen.Rule.values()) {
            out.counter("cool_edge_bacnet_datagrams_rejected_total", "BACnet/IP datagrams dropped at the boundary, by rule",
                    Map.of("rule", r.id), s.rejected(r));
        }
        out.counter("cool_edge_bacnet_datagrams_accepted_total", "BACnet/IP datagrams passed to bacnet4j", Map.of(), s.accepted());
        out.counter("cool_edge_bacnet_whois_sent_total", "Who-Is broadcasts sent", Map.of(), network.whoIsSent.get());
        out.counter("cool_edge_bacnet_iam_received_total", "I-Am answers received", Map.of(), network.iAmReceived.get());
        out.counter("cool_edge_bacnet_discovery_on_request_total", "Who-Is rounds sent on request (commissioning)", Map.of(), rounds.rounds.get());
        out.counter("cool_edge_bacnet_discovery_on_request_refused_total", "Who-Is rounds on request refused by the rate rule",
                Map.of("rule", "rate"), rounds.refused.get());
        states.outcomes.forEach((o, n) -> out.counter("cool_edge_bacnet_object_reads_total", "object state reads (commissioning browser), by outcome",
                Map.of("outcome", o.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')), n.get()));
        out.gauge("cool_edge_bacnet_devices_discovered", "devices in the BACnet directory", Map.of(), network.devices().size());
    }

    @Override
    public String component() {
        return "driver:bacnet-network";
    }

    @Override
    public Health health() {
        return network == null ? Health.down("BACnet/IP network not started") : Health.up();
    }
}
