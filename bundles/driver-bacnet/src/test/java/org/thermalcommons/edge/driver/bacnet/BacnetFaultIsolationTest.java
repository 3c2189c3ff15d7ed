package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thermalcommons.edge.driver.bacnet.BacnetLoopbackTest.point;

import com.serotonin.bacnet4j.type.constructed.PriorityArray;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.Null;
import com.serotonin.bacnet4j.type.primitive.Real;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.point.WriteOutcome;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

/** What one failing point, one refused write, a silent device and a killed gateway do, against real bacnet4j devices. */
class BacnetFaultIsolationTest {
    static BacnetNetwork net;

    @BeforeAll
    static void network() throws Exception {
        net = new BacnetNetwork("127.0.0.1", "127.255.255.255", 8, SimulatedBacnetDevice.freeUdpPort(), 4194002, 1000);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    static DeviceProfile profile(ProfilePoint... extra) {
        List<ProfilePoint> l = new ArrayList<>(BacnetLoopbackTest.zoneProfile().points());
        l.add(point("heating-setpoint", Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Unit.CELSIUS, Limits.of(10, 30), true,
                PollGroup.FAST, "analog-value", 6));
        l.addAll(List.of(extra));
        return new DeviceProfile("zone-plus", "bacnet", "generic", "zone", "zone controller", l);
    }

    BacnetDevice client(int instance, int port, Instant[] now, DeviceProfile p) {
        return new BacnetDevice(new BacnetDevice.Settings("zone", instance, "127.0.0.1:" + port, 12, true, Duration.ofSeconds(120),
                Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofSeconds(2), 2, net.nextSubscriberId()), p, net,
                () -> now[0], () -> now[0].toEpochMilli());
    }

    static float slot(com.serotonin.bacnet4j.obj.BACnetObject o, int priority, float ifEmpty) {
        PriorityArray pa = o.get(PropertyIdentifier.priorityArray);
        Object v = pa.getBase1(priority).getValue();
        return v instanceof Real r ? r.floatValue() : ifEmpty;
    }

    @Test
    void aPointTheDeviceCannotReadIsFaultAloneAndTheOthersStayGood() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        try (SimulatedBacnetDevice server = new SimulatedBacnetDevice(1101, port, true)) {
            // analog-input 99 does not exist on the device.
            BacnetDevice d = client(1101, port, now, profile(point("ghost", Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS,
                    Limits.of(-10, 60), false, PollGroup.FAST, "analog-input", 99)));
            for (int i = 0; i < 3; i++) {
                now[0] = now[0].plusSeconds(1);
                BacnetLoopbackTest.pollAll(d);
            }
            PointId ghost = PointId.parse("zone/ghost");
            assertThat(d.values().get(ghost).quality()).isEqualTo(Quality.FAULT);
            assertThat(d.pointValues().faultReason(ghost)).contains("unknown-object");
            assertThat(d.values().entrySet()).filteredOn(e -> !e.getKey().equals(ghost))
                    .allMatch(e -> e.getValue().quality() == Quality.GOOD).hasSize(6);
            // Never an outage: no back-off, the device stays available.
            assertThat(d.consecutiveFailures()).isZero();
            assertThat(d.available()).isTrue();
            assertThat(d.health().status()).isEqualTo(org.thermalcommons.edge.api.health.Health.Status.DEGRADED);
            d.close();
        }
    }

    @Test
    void aRefusedWriteIsRefusedWithTheBacnetErrorAndTheDeviceKeepsPolling() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        try (SimulatedBacnetDevice server = new SimulatedBacnetDevice(1102, port, true)) {
            // The profile claims the temperature input is writable; the device refuses (an input is not commandable).
            List<ProfilePoint> l = new ArrayList<>(profile().points());
            l.set(0, point("temp", Role.ZONE_AIR_TEMPERATURE_SENSOR, Unit.CELSIUS, Limits.of(-10, 60), true, PollGroup.FAST, "analog-input", 1));
            BacnetDevice d = client(1102, port, now, new DeviceProfile("zone-rw", "bacnet", "generic", "zone", "zone", l));
            BacnetLoopbackTest.pollAll(d);
            WriteOutcome refused = d.write(BacnetLoopbackTest.TEMP, 30.0);
            assertThat(refused.status()).isEqualTo(WriteOutcome.Status.REFUSED);
            assertThat(refused.reason()).isEqualTo("property: write-access-denied");
            assertThat(d.consecutiveFailures()).isZero();
            assertThat(d.available()).isTrue();
            // The other writable point is commanded as usual, and every point reads GOOD.
            assertThat(d.write(BacnetLoopbackTest.SP, 22.0).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
            assertThat(slot(server.setpoint, 12, -1)).isEqualTo(22.0f);
            now[0] = now[0].plusSeconds(1);
            BacnetLoopbackTest.pollAll(d);
            assertThat(d.values().values()).allMatch(v -> v.quality() == Quality.GOOD);
            assertThat(d.writesRefused.get()).isEqualTo(1);
            d.close();
        }
    }

    @Test
    void writesToASilentDeviceAreUnreachableAndItIsUnavailableWhileBackingOff() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        BacnetDevice d = client(1103, port, now, profile());
        WriteOutcome o = d.write(BacnetLoopbackTest.SP, 22.0);
        assertThat(o.status()).isEqualTo(WriteOutcome.Status.UNREACHABLE);
        assertThat(d.available()).isFalse();
        assertThat(d.write(BacnetLoopbackTest.SP, 23.0).status()).isEqualTo(WriteOutcome.Status.UNREACHABLE);
        assertThat(d.consecutiveFailures()).isEqualTo(1); // the second write did not even go out
        now[0] = now[0].plusSeconds(1);
        assertThat(d.available()).isTrue();
        d.close();
    }

    @Test
    void aNewDriverRelinquishesPriority12OnEveryCommandablePointAKilledOneLeft() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        try (SimulatedBacnetDevice server = new SimulatedBacnetDevice(1104, port, true)) {
            BacnetDevice killed = client(1104, port, now, profile());
            assertThat(killed.write(BacnetLoopbackTest.SP, 22.0).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
            assertThat(killed.write(PointId.parse("zone/heating-setpoint"), 21.0).status()).isEqualTo(WriteOutcome.Status.ACCEPTED);
            // An operator's command at priority 8 is not the gateway's: it must survive.
            server.heating.writePropertyInternal(PropertyIdentifier.presentValue, new Real(19f));
            assertThat(slot(server.setpoint, 12, -1)).isEqualTo(22.0f);
            // kill -9: the driver goes away without beforeStop (no relinquish).
            killed.close();

            BacnetDevice restarted = client(1104, port, now, profile());
            restarted.poll(PollGroup.SLOW);
            PriorityArray sp = server.setpoint.get(PropertyIdentifier.priorityArray);
            PriorityArray heat = server.heating.get(PropertyIdentifier.priorityArray);
            assertThat((Object) sp.getBase1(12).getValue()).isInstanceOf(Null.class);
            assertThat((Object) heat.getBase1(12).getValue()).isInstanceOf(Null.class);
            assertThat(((Real) server.setpoint.get(PropertyIdentifier.presentValue)).floatValue()).isEqualTo(24.0f);
            assertThat(restarted.startupRelinquished.get()).isEqualTo(2);
            restarted.close();
        }
    }

    @Test
    void pointsWithWorkingCovArePolledLessAndSubscriptionsAreCancelledOnClose() throws Exception {
        int port = SimulatedBacnetDevice.freeUdpPort();
        Instant[] now = {Instant.parse("2026-03-02T00:00:00Z")};
        try (SimulatedBacnetDevice server = new SimulatedBacnetDevice(1105, port, true)) {
            BacnetDevice d = client(1105, port, now, BacnetLoopbackTest.zoneProfile());
            BacnetLoopbackTest.pollAll(d);
            assertThat(server.covSubscriptions()).isPositive();
            // bacnet4j notifies at once on subscription: temp and cooling-setpoint (both FAST) have working COV.
            BacnetLoopbackTest.await("COV works", () -> d.cov().working(d.group(PollGroup.FAST).get(0))
                    && d.cov().working(d.group(PollGroup.FAST).get(1)));
            long before = d.reader().valuesRead.get();
            now[0] = now[0].plusSeconds(1);
            d.poll(PollGroup.FAST);
            assertThat(d.reader().valuesRead.get() - before).as("FAST points with working COV not re-read after 1 s").isZero();
            now[0] = now[0].plusSeconds(5); // a third of the 15 s stale time
            d.poll(PollGroup.FAST);
            assertThat(d.reader().valuesRead.get() - before).as("re-read to stay fresh").isEqualTo(2);
            d.close();
            assertThat(server.covSubscriptions()).isZero();
        }
    }
}
