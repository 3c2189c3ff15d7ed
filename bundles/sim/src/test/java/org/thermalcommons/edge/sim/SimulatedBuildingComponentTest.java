package org.thermalcommons.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.control.WriteRequest;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ProfileRegistry;

/** The DS shell driven without OSGi: an injected wall clock, {@link SimulatedBuildingComponent#advance} stepped by hand. */
class SimulatedBuildingComponentTest {
    private static final Instant START = Instant.parse("2026-03-02T02:00:00Z");
    private static final PointId SETPOINT = PointId.of("zone-1", "cooling-setpoint");
    private static final long SECOND = 1_000_000_000L;

    /** A configuration with the component's defaults, except what a test changes. */
    private static final class Cfg implements SimulatedBuildingComponent.Config {
        double speed = 60;
        String startTime = START.toString();
        String serve = "in-process";
        int modbusBasePort = 15020;
        int bacnetBasePort = 47809;
        double heatPumpKw = 0;

        @Override
        public Class<? extends Annotation> annotationType() {
            return SimulatedBuildingComponent.Config.class;
        }

        @Override
        public long seed() {
            return 42;
        }

        @Override
        public double speed() {
            return speed;
        }

        @Override
        public int zones() {
            return 2;
        }

        @Override
        public String startTime() {
            return startTime;
        }

        @Override
        public double pvKwp() {
            return 150;
        }

        @Override
        public double batteryKwh() {
            return 200;
        }

        @Override
        public double batteryMaxKw() {
            return 100;
        }

        @Override
        public double batteryInitialSocPercent() {
            return 50;
        }

        @Override
        public double defaultSetpointCelsius() {
            return 24;
        }

        @Override
        public int stepSeconds() {
            return 10;
        }

        @Override
        public double heatPumpKw() {
            return heatPumpKw;
        }

        @Override
        public String serve() {
            return serve;
        }

        @Override
        public int bacnetBasePort() {
            return bacnetBasePort;
        }

        @Override
        public int firstZoneInstance() {
            return 4001;
        }

        @Override
        public int modbusBasePort() {
            return modbusBasePort;
        }

        @Override
        public String zoneProfile() {
            return "bacnet-zone-controller";
        }

        @Override
        public String batteryProfile() {
            return "modbus-battery-inverter";
        }

        @Override
        public String meterProfile() {
            return "modbus-meter";
        }

        @Override
        public String heatPumpProfile() {
            return "modbus-heatpump-sgready";
        }

        @Override
        public double wireZoneSetpointMaxCelsius() {
            return 30;
        }

        boolean gridStressSchedule = true;

        @Override
        public boolean gridStressSchedule() {
            return gridStressSchedule;
        }

        @Override
        public String startWallTime() {
            return "";
        }
    }

    private final AtomicLong wall = new AtomicLong(5 * SECOND);

    private SimulatedBuildingComponent built(Cfg c) {
        SimulatedBuildingComponent s = new SimulatedBuildingComponent();
        s.build(c, wall::get);
        return s;
    }

    private static void write(SimulatedBuildingComponent s, PointId id, double v) {
        s.write(id, v, o -> { });
    }

    @Test
    void servesEveryPointAndRunsOnItsAcceleratedClock() {
        SimulatedBuildingComponent s = built(new Cfg());
        assertThat(s.sourceId()).isEqualTo("sim");
        assertThat(s.sinkId()).isEqualTo("sim");
        assertThat(s.latestValues().keySet()).containsExactlyInAnyOrderElementsOf(s.points().stream().map(d -> d.id()).toList());
        assertThat(s.now()).isEqualTo(START);
        assertThat(s.speed()).isEqualTo(60);

        Map<PointId, PointValue> before = s.latestValues();
        wall.addAndGet(10 * SECOND); // 10 s of wall time at 60x: 10 simulated minutes, 60 steps
        assertThat(s.now()).isEqualTo(START.plusSeconds(600));
        s.advance();
        Map<PointId, PointValue> after = s.latestValues();
        assertThat(after.get(PointId.of("zone-1", "temp")).timestamp()).isEqualTo(START.plusSeconds(600));
        // What a reader held is an immutable snapshot: the step swapped in a new map instead of changing it.
        assertThat(before.get(PointId.of("zone-1", "temp")).timestamp()).isEqualTo(START);
        assertThat(after).isNotSameAs(before);
    }

    @Test
    void writesApplyAtTheNextStepAndBadOnesAreRejectedAndCounted() {
        SimulatedBuildingComponent s = built(new Cfg());
        assertThat(s.canWrite(SETPOINT)).isTrue();
        assertThat(s.canWrite(PointId.of("zone-1", "temp"))).isFalse();
        write(s, SETPOINT, 27);
        write(s, PointId.of("battery", "power-setpoint"), -50);
        assertThat(s.latestValues().get(SETPOINT).value()).isEqualTo(24);
        wall.addAndGet(SECOND);
        s.advance();
        assertThat(s.latestValues().get(SETPOINT).value()).isEqualTo(27);
        assertThat(s.latestValues().get(PointId.of("battery", "power")).value()).isEqualTo(-50);

        write(s, SETPOINT, 35);
        write(s, PointId.of("zone-1", "temp"), 20);
        write(s, PointId.of("nowhere", "thing"), 1);
        assertThat(s.rejectedWrites()).isEqualTo(3);
        s.relinquish(SETPOINT, o -> { });
        wall.addAndGet(SECOND);
        s.advance();
        assertThat(s.latestValues().get(SETPOINT).value()).isEqualTo(24);
    }

    @Test
    void withoutItsScheduleTheBuildingHasNoGridStressPointOfItsOwn() {
        PointId stress = PointId.of("site", "grid-stress");
        assertThat(built(new Cfg()).points()).anyMatch(d -> d.id().equals(stress));
        Cfg c = new Cfg();
        c.gridStressSchedule = false;
        SimulatedBuildingComponent s = built(c);
        wall.addAndGet(SECOND);
        s.advance();
        assertThat(s.points()).noneMatch(d -> d.id().equals(stress)).isNotEmpty();
        assertThat(s.latestValues()).doesNotContainKey(stress).containsKey(PointId.of("site", "load"));
    }

    @Test
    void aHeatPumpAddsItsPointsWhenConfigured() {
        Cfg c = new Cfg();
        c.heatPumpKw = 8;
        SimulatedBuildingComponent s = built(c);
        assertThat(s.canWrite(Building.SG_READY)).isTrue();
        assertThat(s.latestValues()).containsKeys(PointId.of("heatpump", "power"), PointId.of("heatpump", "flow-temp"));
        assertThat(built(new Cfg()).latestValues()).doesNotContainKey(Building.SG_READY);
    }

    @Test
    void invalidConfigurationIsRejectedNamingTheKey() {
        Cfg badTime = new Cfg();
        badTime.startTime = "next Monday";
        assertThatThrownBy(() -> built(badTime)).hasMessageContaining("startTime");
        Cfg badServe = new Cfg();
        badServe.serve = "carrier-pigeon";
        assertThatThrownBy(() -> built(badServe)).hasMessageContaining("serve");
        Cfg badSpeed = new Cfg();
        badSpeed.speed = 5000;
        assertThatThrownBy(() -> built(badSpeed)).hasMessageContaining("speed");
        Cfg wireWithoutProfiles = new Cfg();
        wireWithoutProfiles.serve = "wire";
        assertThatThrownBy(() -> built(wireWithoutProfiles)).hasMessageContaining("profiles");
    }

    @Test
    void onTheWireItServesNoPointsInProcessButKeepsItsClock() throws Exception {
        Cfg c = new Cfg();
        c.serve = "wire";
        int base = Ports.freeBlock(2, true);
        c.bacnetBasePort = Ports.freeBlock(2, false);
        c.modbusBasePort = base;
        SimulatedBuildingComponent s = new SimulatedBuildingComponent();
        s.profiles = new ProfileRegistry() {
            private final List<DeviceProfile> all = List.of(TestProfiles.ZONE, TestProfiles.BATTERY, TestProfiles.METER, TestProfiles.HEAT_PUMP);

            @Override
            public Optional<DeviceProfile> find(String id) {
                return all.stream().filter(p -> p.id().equals(id)).findFirst();
            }

            @Override
            public Collection<DeviceProfile> all() {
                return all;
            }
        };
        try {
            s.build(c, wall::get);
            assertThat(s.points()).isEmpty();
            assertThat(s.latestValues()).isEmpty();
            assertThat(Ports.tcpFree(base)).isFalse();
            wall.addAndGet(SECOND);
            s.advance();
            assertThat(s.now()).isEqualTo(START.plusSeconds(60));
        } finally {
            s.deactivate();
        }
        assertThat(Ports.tcpFree(base)).as("Modbus servers closed on deactivate").isTrue();
    }
}
