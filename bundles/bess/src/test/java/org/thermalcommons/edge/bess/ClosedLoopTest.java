package org.thermalcommons.edge.bess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.sim.SteppedBuilding;

/**
 * The follower with the production configuration against the simulated building (in-process, stepped as fast as the
 * CPU goes): three simulated days of one-minute cycles, the first on the fallback template (no history yet), the others
 * on the LP.
 */
class ClosedLoopTest {
    static final PointId SOC = PointId.parse("battery/soc");
    static final PointId POWER = PointId.parse("battery/power");
    static final Duration CYCLE = Duration.ofSeconds(60);
    static final int DAYS = 3;

    static Map<String, String> productionCfg() throws IOException {
        Map<String, String> props = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("../../edge-config/org.thermalcommons.edge.bess.Dispatch.cfg"))) {
            line = line.trim();
            if (!line.isEmpty() && !line.startsWith("#") && line.contains("=")) {
                props.put(line.substring(0, line.indexOf('=')).trim(), line.substring(line.indexOf('=') + 1).trim());
            }
        }
        return props;
    }

    @Test
    void severalSimulatedDaysKeepTheSocWindowTheCycleBudgetAndTheEnergyBalanceAndALostSocStopsTheBatteryAtOnce() throws IOException {
        DispatchSettings s = DispatchSettings.fromProperties(productionCfg());
        BatteryParams bp = s.battery();
        double eta = bp.oneWayEfficiency();
        // Midnight local (UTC+8) on Monday 2 March 2026.
        SteppedBuilding building = new SteppedBuilding(Map.of("seed", 7, "pvKwp", 250, "startTime", "2026-03-01T16:00:00Z",
                "batteryKwh", bp.capacityKwh(), "batteryMaxKw", bp.maxDischargeKw(), "batteryInitialSocPercent", 50));
        Dispatcher d = new Dispatcher(s, Runnable::run);
        Map<PointId, PointDefinition> defs = new HashMap<>();
        building.source().points().forEach(p -> defs.put(p.id(), p));

        int cycles = DAYS * 1440;
        Instant lossAt = building.now().plus(Duration.ofDays(1)).plus(Duration.ofHours(19)); // day 2, 19:00 local
        double minSoc = 100;
        double maxSoc = 0;
        double storedChange = 0;
        double dischargedByReadings = 0;
        double dayStartEnergy = Double.NaN;
        long plansAtLpStart = -1;
        int lpIntervals = 0;
        boolean lossChecked = false;
        for (int k = 0; k < cycles; k++) {
            Instant t = building.now();
            Map<PointId, PointValue> values = new HashMap<>(building.source().latestValues());
            double soc = values.get(SOC).value();
            double power = values.get(POWER).value();
            minSoc = Math.min(minSoc, soc);
            maxSoc = Math.max(maxSoc, soc);
            if (k > 0) {
                // The reading is the battery's power over the last cycle.
                storedChange += (power > 0 ? -power / eta : -power * eta) * CYCLE.toNanos() / 3.6e12;
                dischargedByReadings += Math.max(0, power) / eta * CYCLE.toNanos() / 3.6e12;
            }
            boolean midnight = t.atZone(s.zone()).getHour() == 0 && t.atZone(s.zone()).getMinute() == 0;
            if (midnight && k > 0) {
                // The day that just ended: SOC change against the inverter's readings, and the budget.
                double energy = bp.capacityKwh() * soc / 100;
                assertThat(energy - dayStartEnergy).as("energy balance of the day before %s", t).isCloseTo(storedChange, within(0.5));
                assertThat(dischargedByReadings / bp.capacityKwh()).as("cycles on the day before %s", t)
                        .isLessThanOrEqualTo(bp.maxCyclesPerDay() + 0.01).isGreaterThan(0.3);
                storedChange = 0;
                dischargedByReadings = 0;
            }
            if (midnight) {
                dayStartEnergy = bp.capacityKwh() * soc / 100;
            }
            if (k == 1440) {
                plansAtLpStart = d.counters().plans();
            }
            if (k >= 1440 && t.getEpochSecond() % 900 == 0) {
                lpIntervals++;
            }
            boolean lose = t.equals(lossAt);
            if (lose) {
                assertThat(power).as("discharging in the evening before the loss").isGreaterThan(10);
                values.put(SOC, values.get(SOC).withQuality(Quality.STALE));
            }
            Map<PointId, Double> req = new LinkedHashMap<>();
            d.run(TestSite.context(t, new PointSnapshot(t, defs, values), req));
            if (lose) {
                assertThat(req).containsEntry(PointId.parse("battery/power-setpoint"), 0.0);
            }
            if (t.equals(lossAt.plus(CYCLE))) {
                assertThat(power).as("battery power one cycle after the SOC was lost").isZero();
                lossChecked = true;
            }
            if (k > 0 && midnight) {
                // Just before the meter resets: the follower's own budget counter matches the readings.
                assertThat(d.dischargedTodayKwh()).isZero();
            }
            req.forEach((p, v) -> building.sink().write(p, v, o -> { }));
            if (t.plus(CYCLE).atZone(s.zone()).getHour() == 0 && t.plus(CYCLE).atZone(s.zone()).getMinute() == 0) {
                assertThat(d.dischargedTodayKwh()).as("the follower's budget counter against the readings")
                        .isCloseTo(dischargedByReadings, within(0.5));
            }
            building.advance(CYCLE);
        }
        assertThat(lossChecked).isTrue();
        assertThat(minSoc).isGreaterThanOrEqualTo(bp.socMinPercent() - 0.5);
        assertThat(maxSoc).isLessThanOrEqualTo(bp.socMaxPercent() + 0.5);
        assertThat(d.counters().fallbackPlans()).as("day 1 without history").isEqualTo(96);
        double plansPerInterval = (double) (d.counters().plans() - plansAtLpStart) / lpIntervals;
        assertThat(plansPerInterval).isBetween(1.0, 1.2);
        assertThat(d.counters().infeasible()).isZero();
    }
}
