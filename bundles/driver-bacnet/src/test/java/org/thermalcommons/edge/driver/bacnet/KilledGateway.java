package org.thermalcommons.edge.driver.bacnet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.PollGroup;

/**
 * A gateway in a JVM of its own that commands the node-bacnet zone at priority 12 and then waits to be killed
 * ({@code destroyForcibly}, i.e. SIGKILL: no relinquish, no shutdown hook). Prints {@code commanded} once both
 * setpoints are accepted. Ends by itself after 120 s.
 *
 * <p>Arguments: gateway UDP port, device instance, device UDP port.
 */
public final class KilledGateway {
    private KilledGateway() {
    }

    public static void main(String[] args) throws Exception {
        int gatewayPort = Integer.parseInt(args[0]);
        int instance = Integer.parseInt(args[1]);
        int devicePort = Integer.parseInt(args[2]);
        BacnetNetwork net = new BacnetNetwork("127.0.0.1", "127.255.255.255", gatewayPort, List.of(),
                BacnetNetwork.Identity.of(4194050), 1000);
        BacnetDevice d = NodeBacnetInteropTest.client(net, instance, devicePort);
        d.poll(PollGroup.FAST);
        WriteOutcome cooling = d.write(NodeBacnetInteropTest.COOLING, 22.0);
        WriteOutcome heating = d.write(NodeBacnetInteropTest.HEATING, 21.0);
        if (cooling.status() != WriteOutcome.Status.ACCEPTED || heating.status() != WriteOutcome.Status.ACCEPTED) {
            System.out.println("not commanded: " + cooling + " " + heating);
            System.exit(1);
        }
        System.out.println("commanded");
        System.out.flush();
        Thread.sleep(Duration.ofSeconds(120).toMillis());
        System.out.println("not killed by " + Instant.now());
        System.exit(2);
    }
}
