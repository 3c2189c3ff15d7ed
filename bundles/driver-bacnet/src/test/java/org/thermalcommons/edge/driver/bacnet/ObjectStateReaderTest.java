package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.Boolean;
import com.serotonin.bacnet4j.type.primitive.Real;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;
import org.thermalcommons.edge.api.driver.ObjectReading;
import org.thermalcommons.edge.api.driver.ObjectState;

/**
 * The commissioning browser's object reads against bacnet4j devices on loopback: one ReadPropertyMultiple with the
 * priority array and status, ReadProperty for a device that refuses RPM, 404-like and 504-like outcomes, and the
 * rate-limited Who-Is on request.
 */
class ObjectStateReaderTest {
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private static BacnetNetwork network(List<Integer> ports) throws Exception {
        return new BacnetNetwork("127.0.0.1", "127.255.255.255", SimulatedBacnetDevice.freeUdpPort(), ports,
                BacnetNetwork.Identity.of(4194060), 1000);
    }

    @Test
    void aCommandedSetpointShowsItsPriorityArrayRelinquishDefaultAndStatus() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        try (SimulatedBacnetDevice dev = new SimulatedBacnetDevice(1601, port, true); BacnetNetwork net = network(List.of(port))) {
            dev.setpoint.writeProperty(null, new com.serotonin.bacnet4j.type.constructed.PropertyValue(
                    PropertyIdentifier.presentValue, null, new Real(22.5f), new com.serotonin.bacnet4j.type.primitive.UnsignedInteger(12)));
            net.discover(List.of(port));
            BacnetLoopbackTest.await("device discovered", () -> net.device(1601) != null);

            ObjectReading r = new ObjectStateReader(net, () -> NOW).read(1601, "analog-value", 3);

            assertThat(r.outcome()).as(r.detail()).isEqualTo(ObjectReading.Outcome.READ);
            ObjectState s = r.state().orElseThrow();
            assertThat(s.device()).isEqualTo(1601);
            assertThat(s.type()).isEqualTo("analog-value");
            assertThat(s.instance()).isEqualTo(3);
            assertThat(s.name()).isEqualTo("cooling-setpoint");
            assertThat(s.units()).isEqualTo("degrees-celsius");
            assertThat(s.presentValue()).isEqualTo(OptionalDouble.of(22.5));
            assertThat(s.commandable()).isTrue();
            assertThat(s.priorityArray()).hasSize(16);
            for (int p = 1; p <= 16; p++) {
                assertThat(s.priorityArray().get(p - 1)).as("slot " + p).isEqualTo(p == 12 ? OptionalDouble.of(22.5) : OptionalDouble.empty());
            }
            assertThat(s.relinquishDefault()).isEqualTo(OptionalDouble.of(24));
            assertThat(s.outOfService()).isFalse();
            assertThat(s.statusFlags()).isEmpty();
            assertThat(s.readWith()).isEqualTo("read-property-multiple");
            assertThat(s.readAt()).isEqualTo(NOW);
        }
    }

    @Test
    void anInputHasNoPriorityArrayAndItsOutOfServiceFlagShows() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        try (SimulatedBacnetDevice dev = new SimulatedBacnetDevice(1602, port, true); BacnetNetwork net = network(List.of(port))) {
            dev.temp.writePropertyInternal(PropertyIdentifier.outOfService, Boolean.TRUE);
            net.discover(List.of(port));
            BacnetLoopbackTest.await("device discovered", () -> net.device(1602) != null);

            ObjectState s = new ObjectStateReader(net, () -> NOW).read(1602, "analog-input", 1).state().orElseThrow();

            assertThat(s.name()).isEqualTo("temp");
            assertThat(s.presentValue()).isEqualTo(OptionalDouble.of(24.5));
            assertThat(s.commandable()).isFalse();
            assertThat(s.priorityArray()).isEmpty();
            assertThat(s.relinquishDefault()).isEmpty();
            assertThat(s.outOfService()).isTrue();
            assertThat(s.statusFlags()).contains("out-of-service");
        }
    }

    @Test
    void aDeviceThatRefusesRpmIsReadPropertyByProperty() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        try (SimulatedBacnetDevice dev = new SimulatedBacnetDevice(1603, port, false); RpmRefusingProxy proxy = new RpmRefusingProxy(port);
             BacnetNetwork net = network(List.of())) {
            net.described(new DiscoveredDevice("bacnet", 1603, "127.0.0.1:" + proxy.port(), 1476, "segmented-both", 0, "", List.of(), NOW));
            ObjectStateReader reader = new ObjectStateReader(net, () -> NOW);

            ObjectState s = reader.read(1603, "analog-value", 6).state().orElseThrow();

            assertThat(proxy.refused).isEqualTo(1);
            assertThat(s.readWith()).isEqualTo("read-property");
            assertThat(s.name()).isEqualTo("heating-setpoint");
            assertThat(s.units()).isEqualTo("degrees-celsius");
            assertThat(s.presentValue()).isEqualTo(OptionalDouble.of(20));
            assertThat(s.priorityArray()).hasSize(16).containsOnly(OptionalDouble.empty());
            assertThat(s.relinquishDefault()).isEqualTo(OptionalDouble.of(20));
            // Remembered: the next read goes straight to ReadProperty.
            assertThat(reader.read(1603, "analog-input", 1).state().orElseThrow().presentValue()).isEqualTo(OptionalDouble.of(24.5));
            assertThat(proxy.refused).isEqualTo(1);
        }
    }

    @Test
    void anUnknownDeviceObjectOrTypeAndASilentDeviceAreTold() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        try (BacnetNetwork net = network(List.of(port))) {
            ObjectStateReader reader = new ObjectStateReader(net, () -> NOW);
            assertThat(reader.read(1604, "analog-value", 3).outcome()).isEqualTo(ObjectReading.Outcome.UNKNOWN_DEVICE);
            try (SimulatedBacnetDevice dev = new SimulatedBacnetDevice(1604, port, true)) {
                net.discover(List.of(port));
                BacnetLoopbackTest.await("device discovered", () -> net.device(1604) != null);
                ObjectReading none = reader.read(1604, "analog-value", 99);
                assertThat(none.outcome()).as(none.detail()).isEqualTo(ObjectReading.Outcome.UNKNOWN_OBJECT);
                assertThat(none.detail()).contains("unknown-object");
                assertThat(reader.read(1604, "device", 1604).outcome()).isEqualTo(ObjectReading.Outcome.UNKNOWN_OBJECT);
            }
            // The device is gone (still in the directory): no answer within the deadline.
            ObjectReading silent = reader.read(1604, "analog-value", 3);
            assertThat(silent.outcome()).isEqualTo(ObjectReading.Outcome.NO_ANSWER);
            assertThat(silent.detail()).contains("1604").contains("timed out");
            assertThat(reader.outcomes.get(ObjectReading.Outcome.NO_ANSWER).get()).as("counted for /metrics").isEqualTo(1);
            assertThat(reader.outcomes.get(ObjectReading.Outcome.UNKNOWN_OBJECT).get()).isEqualTo(2);
            assertThat(reader.outcomes.get(ObjectReading.Outcome.UNKNOWN_DEVICE).get()).isEqualTo(1);
        }
    }

    @Test
    void discoverNowSendsOneRoundReturnsTheAnsweringDevicesAndRefusesASecondWithin5Seconds() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        try (SimulatedBacnetDevice dev = new SimulatedBacnetDevice(1605, port, true); BacnetNetwork net = network(List.of(port))) {
            DiscoveryRounds rounds = new DiscoveryRounds(net, List.of(port), nanos::get);
            long sent = net.whoIsSent.get();
            assertThat(rounds.run(Duration.ofSeconds(5))).extracting(d -> d.instance()).contains(1605);
            assertThat(net.whoIsSent.get() - sent).as("own port and the device's").isEqualTo(2);

            nanos.addAndGet(Duration.ofSeconds(4).toNanos());
            assertThatThrownBy(() -> rounds.run(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("rate: at most one Who-Is round every 5 s on request; try again in 1.0 s");
            assertThat(net.whoIsSent.get() - sent).as("nothing sent when refused").isEqualTo(2);
            assertThat(rounds.refused.get()).as("counted for /metrics").isEqualTo(1);

            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(rounds.run(Duration.ZERO)).isNotNull();
            assertThat(net.whoIsSent.get() - sent).isEqualTo(4);
        }
    }

    @Test
    void anObjectStateKeepsSixteenSlotsOrNone() {
        assertThatThrownBy(() -> new ObjectState(1, "analog-value", 1, "", "", OptionalDouble.empty(), true,
                Collections.nCopies(15, OptionalDouble.empty()), OptionalDouble.empty(), false, List.of(), List.of(),
                "read-property", NOW)).hasMessageContaining("16 slots");
    }
}
