package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thermalcommons.edge.driver.bacnet.BacnetLoopbackTest.point;

import com.serotonin.bacnet4j.service.acknowledgement.ReadPropertyAck;
import com.serotonin.bacnet4j.service.confirmed.ReadPropertyRequest;
import com.serotonin.bacnet4j.service.confirmed.WritePropertyRequest;
import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.constructed.PriorityArray;
import com.serotonin.bacnet4j.type.enumerated.ObjectType;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.Null;
import com.serotonin.bacnet4j.type.primitive.ObjectIdentifier;
import com.serotonin.bacnet4j.type.primitive.Real;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.DiscoveredObject;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.PollGroup;

/**
 * The driver against a BACnet/IP device served by node-bacnet from npm (not written here, not bacnet4j), in a node
 * process of its own on loopback: discovery by broadcast, reads, a write at priority 12, a write the device refuses,
 * and a gateway killed with SIGKILL (a JVM of its own) whose priority-12 commands the restarted gateway clears before
 * its first command. Every check of the device's state is a ReadProperty of its priority array.
 */
class NodeBacnetInteropTest {
    static final PointId TEMP = PointId.parse("node/temp");
    static final PointId HUMIDITY = PointId.parse("node/humidity");
    static final PointId COOLING = PointId.parse("node/cooling-setpoint");
    static final PointId HEATING = PointId.parse("node/heating-setpoint");
    static final PointId POWER = PointId.parse("node/cooling-power");
    static final ObjectIdentifier COOLING_AV = new ObjectIdentifier(ObjectType.analogValue, 3);
    static final ObjectIdentifier HEATING_AV = new ObjectIdentifier(ObjectType.analogValue, 4);

    static BacnetNetwork net;

    @BeforeAll
    static void network() throws Exception {
        NodeBacnetDevice.requireNode();
        // node-bacnet 0.2.4 drops requests from 127.0.0.1:47808 (it takes them for its own): never use that port.
        net = new BacnetNetwork("127.0.0.1", "127.255.255.255", SimulatedBacnetDevice.freeUdpPort(), List.of(),
                BacnetNetwork.Identity.of(4194040), 1000);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    /**
     * The node device's layout as a profile; the setpoints' profile limits are wider than the device's own range
     * (16..30 and 10..25), so the device, not the gateway, decides what is out of range.
     */
    static DeviceProfile profile() {
        return new DeviceProfile("node-zone", "bacnet", "node-bacnet", "zone", "node-bacnet zone controller", List.of(
                point("temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, Limits.of(-10, 60), false, PollGroup.FAST, "analog-input", 1),
                point("humidity", Role.ZONE_AIR_HUMIDITY_SENSOR, Unit.PERCENT_RELATIVE_HUMIDITY, Limits.of(0, 100), false, PollGroup.FAST, "analog-input", 2),
                point("cooling-setpoint", Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, Limits.of(0, 50), true, PollGroup.FAST, "analog-value", 3),
                point("heating-setpoint", Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, Limits.of(0, 50), true, PollGroup.FAST, "analog-value", 4),
                point("cooling-power", Role.COOLING_POWER_SENSOR, Unit.KILOWATT, Limits.of(0, 1000), false, PollGroup.FAST, "analog-input", 5)));
    }

    static BacnetDevice client(BacnetNetwork on, int instance, int port) {
        return new BacnetDevice(new BacnetDevice.Settings("node", instance, "127.0.0.1:" + port, 12, true, Duration.ofSeconds(120),
                Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofSeconds(2), 2, on.nextSubscriberId()), profile(), on,
                Instant::now, () -> System.nanoTime() / 1_000_000);
    }

    /** The object's priority array as the device answers a ReadProperty. */
    static PriorityArray priorities(NodeBacnetDevice d, ObjectIdentifier o) throws Exception {
        ReadPropertyAck ack = net.call(BacnetNetwork.address(d.address()), new ReadPropertyRequest(o, PropertyIdentifier.priorityArray));
        return (PriorityArray) ack.getValue();
    }

    static Encodable slot(NodeBacnetDevice d, ObjectIdentifier o, int priority) throws Exception {
        return priorities(d, o).getBase1(priority).getValue();
    }

    @Test
    void discoveryFindsTheNodeDeviceByBroadcastWithItsIdentityAndOnRequestItsObjectsNamesAndUnits() throws Exception {
        try (NodeBacnetDevice node = new NodeBacnetDevice(3101, SimulatedBacnetDevice.freeUdpPort());
             BacnetNetwork gateway = new BacnetNetwork("127.0.0.1", "127.255.255.255", SimulatedBacnetDevice.freeUdpPort(),
                     List.of(node.port), BacnetNetwork.Identity.of(4194041), 1000)) {
            gateway.discover(List.of(node.port));
            BacnetLoopbackTest.await("the node device answered Who-Is", () -> gateway.device(3101) != null);
            DiscoveredDevice d = gateway.device(3101);
            assertThat(d.protocol()).isEqualTo("bacnet");
            assertThat(d.address()).isEqualTo(node.address());
            assertThat(d.maxApdu()).isEqualTo(1476);
            assertThat(d.segmentation()).isEqualTo("no-segmentation");
            assertThat(d.vendorId()).isEqualTo(NodeBacnetDevice.VENDOR_ID);
            assertThat(d.objects()).as("the object list is read on request only").isEmpty();

            DiscoveredDevice described = new ObjectListReader(gateway).describe(3101).orElseThrow();
            assertThat(described.vendorName()).isEqualTo("node-bacnet interop");
            assertThat(described.objects()).containsExactly(
                    new DiscoveredObject("device", 3101, "node-bacnet zone 3101", ""),
                    new DiscoveredObject("analog-input", 1, "zone-temp", "degrees-celsius"),
                    new DiscoveredObject("analog-input", 2, "zone-humidity", "percent-relative-humidity"),
                    new DiscoveredObject("analog-value", 3, "cooling-setpoint", "degrees-celsius"),
                    new DiscoveredObject("analog-value", 4, "heating-setpoint", "degrees-celsius"),
                    new DiscoveredObject("analog-input", 5, "cooling-power", "kilowatts"));
            assertThat(gateway.device(3101).objects()).isEqualTo(described.objects());
        }
    }

    @Test
    void theCommissioningBrowserReadsANodeSetpointsStateWithRpmAndTheDevicesRefusalOfOutOfService() throws Exception {
        try (NodeBacnetDevice node = new NodeBacnetDevice(3106, SimulatedBacnetDevice.freeUdpPort())) {
            net.described(new DiscoveredDevice("bacnet", 3106, node.address(), 1476, "no-segmentation", NodeBacnetDevice.VENDOR_ID,
                    "", List.of(), Instant.now()));
            BacnetDevice d = client(net, 3106, node.port);
            d.poll(PollGroup.FAST);
            assertThat(d.write(COOLING, 22.5).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);

            org.thermalcommons.edge.api.driver.ObjectState s = new ObjectStateReader(net, Instant::now)
                    .read(3106, "analog-value", 3).state().orElseThrow();

            assertThat(s.readWith()).isEqualTo("read-property-multiple");
            assertThat(s.name()).isEqualTo("cooling-setpoint");
            assertThat(s.units()).isEqualTo("degrees-celsius");
            assertThat(s.presentValue()).isEqualTo(java.util.OptionalDouble.of(22.5));
            assertThat(s.priorityArray()).hasSize(16);
            assertThat(s.priorityArray().get(11)).isEqualTo(java.util.OptionalDouble.of(22.5));
            assertThat(s.priorityArray().stream().filter(java.util.OptionalDouble::isPresent)).hasSize(1);
            assertThat(s.relinquishDefault()).isEqualTo(java.util.OptionalDouble.of(24));
            assertThat(s.statusFlags()).isEmpty();
            assertThat(s.outOfService()).isFalse();
            assertThat(s.refused()).containsExactly("out-of-service: property: unknown-property");
            d.relinquish(COOLING);
            d.close();
        }
    }

    @Test
    void theDriverReadsTheNodeDeviceAndAWriteAtPriority12ArrivesInItsPriorityArray() throws Exception {
        try (NodeBacnetDevice node = new NodeBacnetDevice(3102, SimulatedBacnetDevice.freeUdpPort())) {
            BacnetDevice d = client(net, 3102, node.port);
            d.poll(PollGroup.FAST);
            assertThat(d.values()).hasSize(5);
            assertThat(d.values().values()).allMatch(PointValue::isGood);
            assertThat(d.reader().usesRpm()).as("ReadPropertyMultiple, as the device says it supports").isTrue();
            assertThat(d.values().get(COOLING).value()).isEqualTo(24.0);

            assertThat(d.write(COOLING, 22.5).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
            assertThat(slot(node, COOLING_AV, 12)).isEqualTo(new Real(22.5f));
            for (int p = 1; p <= 16; p++) {
                if (p != 12) {
                    assertThat((Object) slot(node, COOLING_AV, p)).as("slot " + p).isInstanceOf(Null.class);
                }
            }
            d.poll(PollGroup.FAST);
            assertThat(d.values().get(COOLING).value()).isEqualTo(22.5);

            assertThat(d.relinquish(COOLING).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
            assertThat((Object) slot(node, COOLING_AV, 12)).isInstanceOf(Null.class);
            d.poll(PollGroup.FAST);
            assertThat(d.values().get(COOLING).value()).as("back at the device's relinquish default").isEqualTo(24.0);
            d.close();
        }
    }

    @Test
    void aWriteTheNodeDeviceRefusesIsRefusedForThatPointOnlyAndTheOtherPointsKeepUpdating() throws Exception {
        try (NodeBacnetDevice node = new NodeBacnetDevice(3103, SimulatedBacnetDevice.freeUdpPort())) {
            BacnetDevice d = client(net, 3103, node.port);
            d.poll(PollGroup.FAST);
            assertThat(d.write(COOLING, 23.0).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);

            WriteOutcome refused = d.write(COOLING, 35.0); // the device's range is 16..30
            assertThat(refused.status()).isEqualTo(WriteOutcome.Status.REFUSED);
            assertThat(refused.reason()).isEqualTo("property: value-out-of-range");
            assertThat(slot(node, COOLING_AV, 12)).as("the device kept the command it had").isEqualTo(new Real(23.0f));
            // The device is fine: no back-off, still available, and its other points are commanded and read as usual.
            assertThat(d.consecutiveFailures()).isZero();
            assertThat(d.available()).isTrue();
            assertThat(d.write(HEATING, 21.0).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
            assertThat(slot(node, HEATING_AV, 12)).isEqualTo(new Real(21.0f));

            Instant tempAt = d.values().get(TEMP).timestamp();
            double temp = d.values().get(TEMP).value();
            double power = d.values().get(POWER).value();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean moved = false;
            while (!moved && System.nanoTime() < deadline) {
                Thread.sleep(150);
                d.poll(PollGroup.FAST);
                moved = d.values().get(TEMP).value() != temp && d.values().get(POWER).value() != power;
            }
            assertThat(moved).as("the device's moving inputs read new values after the refusal").isTrue();
            assertThat(d.values().get(TEMP).timestamp()).isAfter(tempAt);
            assertThat(d.values().values()).allMatch(v -> v.quality() == Quality.GOOD);
            assertThat(d.values().get(COOLING).value()).isEqualTo(23.0);
            assertThat(d.health().status()).isEqualTo(Health.Status.UP);
            assertThat(d.writesRefused.get()).isEqualTo(1);
            d.close();
        }
    }

    @Test
    void aGatewayKilledWithCommandsInPlaceLeavesNoOrphanAtPriority12OnceItIsBackBeforeItsFirstCommand() throws Exception {
        try (NodeBacnetDevice node = new NodeBacnetDevice(3104, SimulatedBacnetDevice.freeUdpPort())) {
            int gatewayPort = SimulatedBacnetDevice.freeUdpPort();
            Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), KilledGateway.class.getName(), Integer.toString(gatewayPort),
                    "3104", Integer.toString(node.port)).redirectErrorStream(true).start();
            try {
                assertThat(awaitLine(killed, "commanded", 60)).as("the gateway JVM commanded the device").isTrue();
                // An operator's command at priority 8 is not the gateway's: it must survive the start-up relinquish.
                net.call(BacnetNetwork.address(node.address()), new WritePropertyRequest(HEATING_AV, PropertyIdentifier.presentValue,
                        null, new Real(19f), new UnsignedInteger(8)));
                killed.destroyForcibly(); // SIGKILL: no relinquish, no shutdown hook
                assertThat(killed.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                killed.destroyForcibly();
            }
            assertThat(slot(node, COOLING_AV, 12)).as("the killed gateway's orphan").isEqualTo(new Real(22f));
            assertThat(slot(node, HEATING_AV, 12)).as("the killed gateway's orphan").isEqualTo(new Real(21f));

            // The gateway is back on its port: first contact relinquishes priority 12 on every commandable point.
            try (BacnetNetwork restarted = new BacnetNetwork("127.0.0.1", "127.255.255.255", gatewayPort, List.of(),
                    BacnetNetwork.Identity.of(4194050), 1000)) {
                BacnetDevice d = client(restarted, 3104, node.port);
                d.poll(PollGroup.FAST);
                assertThat(d.startupRelinquished.get()).isEqualTo(2);
                assertThat(d.writesAccepted.get()).as("no command yet").isZero();
                assertThat((Object) slot(node, COOLING_AV, 12)).isInstanceOf(Null.class);
                assertThat((Object) slot(node, HEATING_AV, 12)).isInstanceOf(Null.class);
                assertThat(slot(node, HEATING_AV, 8)).as("the operator's command").isEqualTo(new Real(19f));
                assertThat(d.values().get(COOLING).value()).isEqualTo(24.0);

                assertThat(d.write(COOLING, 23.0).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
                assertThat(slot(node, COOLING_AV, 12)).as("the first new command").isEqualTo(new Real(23f));
                d.close();
            }
        }
    }

    private static boolean awaitLine(Process p, String line, int seconds) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < end) {
            if (r.ready()) {
                String l = r.readLine();
                if (l == null) {
                    break;
                }
                if (l.equals(line)) {
                    return true;
                }
                seen.append(l).append('\n');
            } else if (!p.isAlive()) {
                break;
            } else {
                Thread.sleep(20);
            }
        }
        System.err.println("KilledGateway said:\n" + seen);
        return false;
    }
}
