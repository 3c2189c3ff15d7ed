package org.thermalcommons.edge.driver.bacnet;

import java.util.Arrays;
import java.util.List;
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
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.driver.DeviceDirectory;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;

/** The gateway's BACnet/IP network: its local device, discovery, and the directory of devices found. */
@Component(service = {DeviceDirectory.class, BacnetNetworkComponent.class}, configurationPid = BacnetNetworkComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BacnetNetworkComponent.Config.class)
public class BacnetNetworkComponent implements DeviceDirectory {
    static final String PID = "org.thermalcommons.edge.driver.bacnet.BacnetNetwork";
    private static final Logger LOG = LoggerFactory.getLogger(BacnetNetworkComponent.class);

    @ObjectClassDefinition(name = "COOL Edge BACnet/IP network")
    @interface Config {
        @AttributeDefinition(name = "Local bind address") String localAddress() default "127.0.0.1";

        @AttributeDefinition(name = "Broadcast address (never 255.255.255.255)") String broadcastAddress() default "127.255.255.255";

        @AttributeDefinition(name = "Network prefix length", min = "1", max = "32") int networkPrefix() default 8;

        @AttributeDefinition(name = "Local UDP port", min = "1", max = "65535") int port() default 47808;

        @AttributeDefinition(name = "Gateway's device instance", min = "0", max = "4194302") int localDeviceInstance() default 4194000;

        @AttributeDefinition(name = "Hard deadline per request (ms)", min = "100", max = "60000") int timeoutMs() default 3000;

        @AttributeDefinition(name = "Who-Is every (s)", min = "0", max = "86400", description = "0 = only at start") int discoverySeconds() default 300;

        @AttributeDefinition(name = "Ports to send Who-Is to", description = "Loopback devices each listen on their own port")
        int[] discoveryPorts() default {47808};
    }

    private BacnetNetwork network;
    private ScheduledExecutorService discovery;

    @Activate
    void activate(Config c) throws Exception {
        network = new BacnetNetwork(c.localAddress(), c.broadcastAddress(), c.networkPrefix(), c.port(), c.localDeviceInstance(),
                c.timeoutMs());
        List<Integer> ports = Arrays.stream(c.discoveryPorts()).boxed().toList();
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
}
