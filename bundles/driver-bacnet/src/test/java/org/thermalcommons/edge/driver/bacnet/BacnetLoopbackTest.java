package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.serotonin.bacnet4j.type.constructed.PriorityArray;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.Null;
import com.serotonin.bacnet4j.type.primitive.Real;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.BacnetAddress;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** The driver against real bacnet4j devices on 127.0.0.1, each on its own UDP port. */
class BacnetLoopbackTest {
    static BacnetNetwork net;
    static final PointId TEMP = PointId.parse("zone/temp");
    static final PointId SP = PointId.parse("zone/cooling-setpoint");
    static final PointId OCC = PointId.parse("zone/occupancy");

    static DeviceProfile zoneProfile() {
        return new DeviceProfile("bacnet-zone-controller", "bacnet", "generic", "zone", "zone controller", List.of(
                point("temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, Limits.of(-10, 60), false, PollGroup.FAST, "analog-input", 1),
                point("humidity", Role.ZONE_AIR_HUMIDITY_SENSOR, Unit.PERCENT_RELATIVE_HUMIDITY, Limits.of(0, 100), false, PollGroup.NORMAL, "analog-input", 2),
                point("cooling-setpoint", Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, Limits.of(18, 30), true, PollGroup.FAST, "analog-value", 3),
                point("occupancy", Role.OCCUPANCY_SENSOR, Unit.BOOLEAN, Limits.of(0, 1), false, PollGroup.SLOW, "binary-input", 4),
                point("cooling-power", Role.COOLING_POWER_SENSOR, Unit.KILOWATT, Limits.of(0, 1000), false, PollGroup.NORMAL, "analog-input", 5)));
    }

    static ProfilePoint point(String name, Role role, Unit unit, Limits limits, boolean writable, PollGroup g, String type, int instance) {
        return new ProfilePoint(name, role, unit, limits, writable, g, OptionalInt.empty(), OptionalDouble.empty(),
                new BacnetAddress(type, instance, "present-value"));
    }

    @BeforeAll
    static void network() throws Exception {
        net = new BacnetNetwork("127.0.0.1", "127.255.255.255", 8, SimulatedBacnetDevice.freeUdpPort(), 4194001, 1000);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    static BacnetDevice client(int instance, int port, Instant[] now, long ignored) {
        return client(instance, port, now, zoneProfile());
    }

    static BacnetDevice client(int instance, int port, Instant[] now, DeviceProfile profile) {
        return new BacnetDevice(new BacnetDevice.Settings("zone", instance, "127.0.0.1:" + port, 12, true, Duration.ofSeconds(120),
                Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofSeconds(2), 2, net.nextSubscriberId()), profile, net,
                () -> now[0], () -> now[0].toEpochMilli());
    }

    static void pollAll(BacnetDevice d) {
        d.poll(PollGroup.FAST);
        d.poll(PollGroup.NORMAL);
        d.poll(PollGroup.SLOW);
    }

    static void await(String what, BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(10);
        }
    }

    @Test
    void pollsWithRpmWritesAtPriority12RelinquishesAndFollowsCov() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        try (SimulatedBacnetDevice server = new SimulatedBacnetDevice(1001, port, true)) {
            BacnetDevice d = client(1001, port, now, 11);
            pollAll(d);
            assertThat(d.reader().usesRpm()).isTrue();
            assertThat(d.values().get(TEMP).value()).isEqualTo(24.5);
            assertThat(d.values().get(OCC).value()).isEqualTo(1.0);
            assertThat(d.values().values()).hasSize(5).allMatch(v -> v.quality() == Quality.GOOD);

            assertThat(d.write(SP, 22.0).status()).isEqualTo(org.thermalcommons.edge.api.point.WriteOutcome.Status.ACCEPTED);
            PriorityArray pa = server.setpoint.get(PropertyIdentifier.priorityArray);
            assertThat(((Real) pa.getBase1(12).getValue()).floatValue()).isEqualTo(22.0f);
            assertThat(((Real) server.setpoint.get(PropertyIdentifier.presentValue)).floatValue()).isEqualTo(22.0f);
            d.relinquishAll();
            pa = server.setpoint.get(PropertyIdentifier.priorityArray);
            assertThat((Object) pa.getBase1(12).getValue()).isInstanceOf(Null.class);
            assertThat(((Real) server.setpoint.get(PropertyIdentifier.presentValue)).floatValue()).isEqualTo(24.0f);
            assertThat(d.commanded()).isEmpty();

            // COV: the change arrives without a poll.
            server.setTemp(26.0f);
            await("COV notification", () -> d.values().get(TEMP).value() == 26.0);
            assertThat(d.cov().updates.get()).isPositive();
            d.close();
        }
    }

    @Test
    void aLargeDeviceIsReadInBatchesThatFitItsApdu() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        try (SimulatedBacnetDevice server = new SimulatedBacnetDevice(1004, port, true)) {
            List<ProfilePoint> many = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                new com.serotonin.bacnet4j.obj.AnalogValueObject(server.device, 100 + i, "av" + i, i,
                        com.serotonin.bacnet4j.type.enumerated.EngineeringUnits.kilowatts, false);
                many.add(point("av" + i, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, Limits.of(0, 1000), false, PollGroup.FAST, "analog-value", 100 + i));
            }
            BacnetDevice d = new BacnetDevice(new BacnetDevice.Settings("big", 1004, "127.0.0.1:" + port, 12, false,
                    Duration.ofSeconds(120), Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofSeconds(2), 2, net.nextSubscriberId()),
                    new DeviceProfile("big", "bacnet", "generic", "big", "300 points", many), net, () -> now[0], () -> now[0].toEpochMilli());
            d.poll(PollGroup.FAST);
            assertThat(d.consecutiveFailures()).isZero();
            assertThat(d.values()).hasSize(300);
            assertThat(d.values().get(PointId.parse("big/av299")).value()).isEqualTo(299.0);
            // 300 values do not fit one 1476-byte answer... but the device segments both ways: the plan says how many.
            assertThat(d.reader().plan(PollGroup.FAST, d.group(PollGroup.FAST))).hasSizeGreaterThanOrEqualTo(1);
            assertThat(d.reader().valuesRead.get()).isEqualTo(300);
            d.close();
        }
    }

    @Test
    void fallsBackToReadPropertyWithoutRpm() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        try (SimulatedBacnetDevice server = new SimulatedBacnetDevice(1002, port, false)) {
            BacnetDevice d = client(1002, port, now, 12);
            pollAll(d);
            assertThat(d.reader().usesRpm()).isFalse();
            assertThat(d.values().get(TEMP).value()).isEqualTo(24.5);
            assertThat(d.values()).hasSize(5);
            d.close();
        }
    }

    @Test
    void aDeviceThatStopsAnsweringTurnsFaultAndRecovers() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        SimulatedBacnetDevice server = new SimulatedBacnetDevice(1003, port, true);
        BacnetDevice d = client(1003, port, now, 13);
        try {
            pollAll(d);
            assertThat(d.values().get(TEMP).quality()).isEqualTo(Quality.GOOD);
            server.close();
            for (int i = 0; i < 2; i++) {
                now[0] = now[0].plusSeconds(5);
                d.poll(PollGroup.FAST);
            }
            assertThat(d.consecutiveFailures()).isEqualTo(2);
            assertThat(d.values().values()).allMatch(v -> v.quality() == Quality.FAULT);

            server = new SimulatedBacnetDevice(1003, port, true);
            now[0] = now[0].plusSeconds(5);
            pollAll(d);
            assertThat(d.consecutiveFailures()).isZero();
            assertThat(d.values().values()).allMatch(v -> v.quality() == Quality.GOOD);
        } finally {
            d.close();
            server.close();
        }
    }
}
