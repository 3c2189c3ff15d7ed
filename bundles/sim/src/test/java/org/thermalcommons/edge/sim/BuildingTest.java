package org.thermalcommons.edge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;

class BuildingTest {
    /** Monday 2026-03-02 08:00 local (UTC+8). */
    private static final Instant MONDAY_8_LOCAL = Instant.parse("2026-03-02T00:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(10);

    private static Building building(long seed) {
        return new Building(new Building.Parameters(seed, 4, 150, 200, 100, 50, 24), MONDAY_8_LOCAL);
    }

    private static void run(Building b, Duration d) {
        for (long i = 0; i < d.dividedBy(STEP); i++) {
            b.step(STEP);
        }
    }

    private static double temp(Building b, int zone) {
        return b.values().get(PointId.of("zone-" + zone, "temp")).value();
    }

    @Test
    void zonesSettleAtTheirSetpointWhenCoolingHasCapacity() {
        Building b = building(1);
        run(b, Duration.ofHours(3));
        for (int z = 1; z <= 4; z++) {
            assertThat(temp(b, z)).as("zone %d", z).isBetween(23.5, 24.5);
        }
    }

    @Test
    void aHigherSetpointSavesCoolingPowerAndLetsTheZoneWarm() {
        Building cool = building(2);
        Building warm = building(2);
        run(cool, Duration.ofHours(2));
        run(warm, Duration.ofHours(2));
        for (int z = 1; z <= 4; z++) {
            warm.write(PointId.of("zone-" + z, "cooling-setpoint"), 27);
        }
        double coolEnergy = 0;
        double warmEnergy = 0;
        for (int i = 0; i < 360; i++) {
            cool.step(STEP);
            warm.step(STEP);
            coolEnergy += cool.loadKw();
            warmEnergy += warm.loadKw();
        }
        assertThat(warmEnergy).isLessThan(coolEnergy * 0.97);
        assertThat(temp(warm, 1)).isGreaterThan(temp(cool, 1) + 1);
    }

    @Test
    void withoutCoolingAZoneDriftsAboveOutdoorTowardItsGains() {
        Building b = new Building(new Building.Parameters(3, 1, 0, 100, 50, 50, 24), Instant.parse("2026-03-07T04:00:00Z"));
        // Saturday noon local: unoccupied, no cooling.
        run(b, Duration.ofHours(6));
        double outdoor = b.values().get(PointId.of("site", "outdoor-temp")).value();
        assertThat(temp(b, 1)).isGreaterThan(outdoor - 1.5);
        assertThat(b.values().get(PointId.of("zone-1", "cooling-power")).value()).isZero();
    }

    @Test
    void sameSeedSameTrajectoryAndDifferentSeedDifferentWeather() {
        Building a = building(42);
        Building b = building(42);
        Building c = building(43);
        List<Double> ta = new ArrayList<>();
        List<Double> tb = new ArrayList<>();
        List<Double> tc = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            a.step(STEP);
            b.step(STEP);
            c.step(STEP);
            ta.add(a.values().get(PointId.of("site", "outdoor-temp")).value());
            tb.add(b.values().get(PointId.of("site", "outdoor-temp")).value());
            tc.add(c.values().get(PointId.of("site", "outdoor-temp")).value());
        }
        assertThat(ta).isEqualTo(tb);
        assertThat(ta).isNotEqualTo(tc);
    }

    @Test
    void pvFollowsTheSunAndTheGridBalances() {
        Building b = building(5);
        run(b, Duration.ofHours(5)); // 13:00 local
        assertThat(b.pvKw()).isPositive();
        b.write(PointId.of("battery", "power-setpoint"), 40);
        b.step(STEP);
        assertThat(b.gridKw()).isCloseTo(b.loadKw() - b.pvKw() - 40, org.assertj.core.data.Offset.offset(1e-9));
        run(b, Duration.ofHours(9)); // 22:00 local
        assertThat(b.pvKw()).isZero();
    }

    @Test
    void gridStressFollowsTheWeekdayEveningSchedule() {
        GridStressSchedule s = new GridStressSchedule(7);
        assertThat(s.at(Instant.parse("2026-03-02T02:00:00Z"))).isEqualTo(GridStress.NORMAL); // Mon 10:00
        assertThat(s.at(Instant.parse("2026-03-02T07:00:00Z"))).isEqualTo(GridStress.ELEVATED); // Mon 15:00
        assertThat(s.at(Instant.parse("2026-03-02T09:30:00Z"))).isEqualTo(GridStress.HIGH); // Mon 17:30
        assertThat(s.at(Instant.parse("2026-03-07T09:30:00Z"))).isEqualTo(GridStress.NORMAL); // Sat
        long critical = 0;
        for (int d = 0; d < 100; d++) {
            if (s.at(Instant.parse("2026-03-02T10:30:00Z").plus(Duration.ofDays(d))) == GridStress.CRITICAL) {
                critical++;
            }
        }
        assertThat(critical).isBetween(5L, 30L);
    }

    @Test
    void everyPointHasADefinitionAndTheRolesControllersNeed() {
        Building b = building(1);
        assertThat(b.values().keySet()).containsExactlyInAnyOrderElementsOf(
                b.definitions().stream().map(d -> d.id()).toList());
        assertThat(b.definitions()).extracting(d -> d.role()).contains(Role.ZONE_AIR_TEMPERATURE_SENSOR,
                Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT, Role.BATTERY_SOC, Role.BATTERY_POWER_SETPOINT,
                Role.PV_POWER_SENSOR, Role.BUILDING_LOAD_POWER_SENSOR, Role.GRID_STRESS_LEVEL);
        assertThat(b.values().values()).allMatch(PointValue::isGood);
    }

    @Test
    void acceleratedClockRunsAtItsSpeedOnTheInjectedWallClock() {
        AtomicLong wall = new AtomicLong(1_000);
        SimClock c = new SimClock(MONDAY_8_LOCAL, 60, wall::get);
        wall.addAndGet(1_000_000_000L);
        assertThat(c.now()).isEqualTo(MONDAY_8_LOCAL.plusSeconds(60));
        assertThat(c.speed()).isEqualTo(60);
    }

    @Test
    void weatherIsHotAndHumidWithTheSunPeakingAroundOnePm() {
        Building b = building(9);
        double minT = 99;
        double maxT = -99;
        double minRh = 999;
        double maxRh = -1;
        double peakIrradiance = 0;
        double peakHour = 0;
        double sunniest = 0;
        double cloudiest = 1e9;
        for (int i = 0; i < 7 * 24 * 360; i++) {
            b.step(STEP);
            Map<PointId, PointValue> v = b.values();
            double t = v.get(PointId.of("site", "outdoor-temp")).value();
            minT = Math.min(minT, t);
            maxT = Math.max(maxT, t);
            double h = Weather.localHour(b.now());
            if (h < 6.5 || h > 19.5) {
                assertThat(b.pvKw()).isZero();
            }
            if (h >= 12.5 && h <= 13.5) {
                sunniest = Math.max(sunniest, b.pvKw());
                cloudiest = Math.min(cloudiest, b.pvKw());
            }
        }
        Weather w = new Weather(9);
        for (int i = 0; i < 24 * 360; i++) {
            Instant t = MONDAY_8_LOCAL.plus(STEP.multipliedBy(i));
            w.step(STEP.toSeconds() / 3600.0);
            minRh = Math.min(minRh, w.outdoorHumidityPercent(t));
            maxRh = Math.max(maxRh, w.outdoorHumidityPercent(t));
            double clear = Weather.clearSkyIrradiance(t);
            if (clear > peakIrradiance) {
                peakIrradiance = clear;
                peakHour = Weather.localHour(t);
            }
            assertThat(w.irradiance(t)).isBetween(0.3 * clear, clear);
        }
        assertThat(minT).isBetween(23.0, 27.0);
        assertThat(maxT).isBetween(31.0, 35.0);
        assertThat(minRh).isGreaterThanOrEqualTo(60.0);
        assertThat(maxRh).isLessThanOrEqualTo(90.0);
        assertThat(peakIrradiance).isCloseTo(1000.0, within(0.01));
        assertThat(peakHour).isCloseTo(13.0, within(0.01));
        assertThat(sunniest).as("a clear midday").isGreaterThan(0.85 * 150 * 0.85);
        assertThat(cloudiest).as("a passing cloud at midday").isLessThan(0.5 * 150 * 0.85);
    }

    @Test
    void zoneHumidityRisesWhenCoolingStops() {
        Building b = building(4);
        run(b, Duration.ofHours(4)); // 12:00 local, cooling on
        double cooled = b.values().get(PointId.of("zone-1", "humidity")).value();
        run(b, Duration.ofHours(12)); // 00:00 local, cooling off since 19:00
        double night = b.values().get(PointId.of("zone-1", "humidity")).value();
        assertThat(cooled).isBetween(50.0, 65.0);
        assertThat(night).isGreaterThan(cooled + 10);
    }

    private static Building withHeatPump(long seed) {
        return new Building(new Building.Parameters(seed, 1, 0, 100, 50, 50, 24, 8), MONDAY_8_LOCAL);
    }

    @Test
    void heatPumpKeepsItsTankInTheSgReadyBandAndAddsToTheLoad() {
        Building normal = withHeatPump(3);
        Building forced = withHeatPump(3);
        Building blocked = withHeatPump(3);
        Building none = new Building(new Building.Parameters(3, 1, 0, 100, 50, 50, 24), MONDAY_8_LOCAL);
        forced.write(Building.SG_READY, 4);
        blocked.write(Building.SG_READY, 1);
        double normalKwh = 0;
        double forcedKwh = 0;
        double noneKwh = 0;
        double minTank = 99;
        double maxTank = 0;
        for (int i = 0; i < 6 * 360; i++) { // 08:00 to 14:00 local
            normal.step(STEP);
            forced.step(STEP);
            blocked.step(STEP);
            none.step(STEP);
            normalKwh += normal.loadKw() * STEP.toSeconds() / 3600.0;
            forcedKwh += forced.loadKw() * STEP.toSeconds() / 3600.0;
            noneKwh += none.loadKw() * STEP.toSeconds() / 3600.0;
            double tank = normal.heatPump.orElseThrow().tankCelsius;
            minTank = Math.min(minTank, tank);
            maxTank = Math.max(maxTank, tank);
            assertThat(blocked.values().get(PointId.of("heatpump", "compressor-on")).value()).isZero();
            assertThat(blocked.values().get(PointId.of("heatpump", "power")).value()).isZero();
        }
        assertThat(minTank).isBetween(49.0, 50.5);
        assertThat(maxTank).isBetween(54.5, 56.0);
        assertThat(forced.heatPump.orElseThrow().tankCelsius).isBetween(60.0, 65.5);
        assertThat(blocked.heatPump.orElseThrow().tankCelsius).isLessThan(45.0);
        assertThat(normalKwh).isGreaterThan(noneKwh + 5);
        assertThat(forcedKwh).isGreaterThan(normalKwh);
        assertThat(normal.values().get(Building.SG_READY).value()).isEqualTo(2);
        // Out-of-range states are clamped; relinquishing returns to normal.
        forced.write(Building.SG_READY, 9);
        assertThat(forced.values().get(Building.SG_READY).value()).isEqualTo(4);
        assertThat(forced.relinquish(Building.SG_READY)).isTrue();
        assertThat(forced.values().get(Building.SG_READY).value()).isEqualTo(2);
    }

    @Property(tries = 200)
    void batterySocStaysInBoundsAndEnergyIsConserved(@ForAll @DoubleRange(min = -150, max = 150) double setpointKw,
                                                     @ForAll @DoubleRange(min = 0, max = 100) double socPercent,
                                                     @ForAll @IntRange(min = 1, max = 2000) int steps) {
        Battery bat = new Battery(200, 100, 0.87, socPercent);
        bat.setpointKw = setpointKw;
        double dt = 10 / 3600.0;
        double e0 = bat.energyKwh;
        double delivered = 0;
        for (int i = 0; i < steps; i++) {
            bat.step(dt);
            assertThat(bat.socPercent()).isBetween(0.0, 100.0);
            assertThat(Math.abs(bat.actualKw)).isLessThanOrEqualTo(100.0);
            delivered += bat.actualKw * dt;
        }
        double eta = Math.sqrt(0.87);
        double expectedChange = delivered > 0 ? -delivered / eta : -delivered * eta;
        assertThat(bat.energyKwh - e0).isCloseTo(expectedChange, org.assertj.core.data.Offset.offset(1e-6));
    }
}
