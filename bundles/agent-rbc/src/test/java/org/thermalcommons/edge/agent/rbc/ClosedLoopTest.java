package org.thermalcommons.edge.agent.rbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.agent.rbc.AgentSettings.Band;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.PointId;

/**
 * The agent with the demo's configuration against the simulated building (in-process, one-minute cycles, stepped as
 * fast as the CPU goes).
 */
class ClosedLoopTest {
    private static final ZoneOffset LOCAL = ZoneOffset.ofHours(8);
    private static final Path DEMO_CFG = Path.of("../../edge-config/org.thermalcommons.edge.agent.rbc.ComfortAgent.cfg");

    private static int minuteOfDay(Instant t) {
        return t.atOffset(LOCAL).getHour() * 60 + t.atOffset(LOCAL).getMinute();
    }

    /**
     * The demo check: on a weekday the sim's schedule turns grid stress high at 17:00; within the first
     * 15-minute interval the zones' cooling power drops (the first cycle already), and every zone stays within its
     * relaxed band (no tolerance) for the whole stress window.
     */
    @Test
    void highGridStressShedsCoolingWithinOneIntervalWhileEveryZoneStaysWithinItsRelaxedBand() throws Exception {
        AgentSettings s = AgentSettings.of(TestConfig.of(TestConfig.fromFile(DEMO_CFG)));
        Agent agent = new Agent(s, t -> GridStress.NORMAL);
        // Monday 2 March 2026, 00:00 local.
        Site site = new Site(Map.of("seed", 42, "zones", 4, "startTime", "2026-03-01T16:00:00Z"));
        double before = 0;
        double first = 0;
        double lastCycleBefore = Double.NaN;
        double firstCycleAfter = Double.NaN;
        int stressMinutes = 0;
        while (minuteOfDay(site.now()) < 19 * 60 || site.now().isBefore(Instant.parse("2026-03-02T00:00:00Z"))) {
            site.step(agent);
            int m = minuteOfDay(site.now());
            double cooling = site.coolingKw();
            GridStress level = GridStress.fromLevel(site.values().get(PointId.parse("site/grid-stress")).value()).orElseThrow();
            if (site.now().isBefore(Instant.parse("2026-03-02T00:00:00Z"))) {
                continue;
            }
            if (m >= 16 * 60 + 45 && m < 17 * 60) {
                before += cooling / 15;
                lastCycleBefore = cooling;
            }
            if (m > 17 * 60 && m <= 17 * 60 + 15) {
                first += cooling / 15;
                if (Double.isNaN(firstCycleAfter)) {
                    firstCycleAfter = cooling;
                }
            }
            if (level.compareTo(GridStress.HIGH) >= 0) {
                stressMinutes++;
                for (int z = 1; z <= 4; z++) {
                    Band relaxed = s.occupiedBand("zone-" + z).relaxedBy(s.relax(level));
                    assertThat(site.temp("zone-" + z)).as("zone-%d at %s under %s stress", z, site.now(), level.wireName())
                            .isBetween(relaxed.low(), relaxed.high());
                }
            }
        }
        assertThat(stressMinutes).as("minutes of high or critical stress on the sim's schedule").isEqualTo(120);
        assertThat(firstCycleAfter).as("the first minute of high stress").isLessThan(lastCycleBefore * 0.5);
        assertThat(first).as("average cooling kW in the first interval of high stress vs. the interval before")
                .isLessThan(before * 0.5);
        System.err.printf("ClosedLoopTest: cooling %.1f kW in 16:45-17:00, %.1f kW in 17:00-17:15 (high stress)%n", before, first);
    }

    /**
     * Under normal grid stress every zone stays within its comfort band by at most the configured tolerance while the
     * building is occupied, once the morning pull-down (the first hour after occupancy starts) is over: any seed (weather,
     * clouds), number of zones and weekday.
     */
    @Property(tries = 25)
    void underNormalStressEveryZoneStaysWithinItsBandByTheTolerance(@ForAll @IntRange(min = 0, max = 100000) int seed,
                                                                    @ForAll @IntRange(min = 1, max = 8) int zones,
                                                                    @ForAll @IntRange(min = 0, max = 4) int weekday) throws Exception {
        AgentSettings s = AgentSettings.of(TestConfig.of(TestConfig.fromFile(DEMO_CFG)));
        Agent agent = new Agent(s, t -> GridStress.NORMAL);
        Instant start = Instant.parse("2026-03-01T22:00:00Z").plus(Duration.ofDays(weekday)); // 06:00 local
        Site site = new Site(Map.of("seed", seed, "zones", zones, "startTime", start.toString()));
        site.forcedStress = GridStress.NORMAL;
        while (minuteOfDay(site.now()) < 19 * 60) {
            site.step(agent);
            if (minuteOfDay(site.now()) < 9 * 60) {
                continue;
            }
            for (int z = 1; z <= zones; z++) {
                Band b = s.occupiedBand("zone-" + z);
                assertThat(site.temp("zone-" + z)).as("zone-%d at %s", z, site.now())
                        .isBetween(b.low() - s.tolerance(), b.high() + s.tolerance());
            }
        }
    }
}
