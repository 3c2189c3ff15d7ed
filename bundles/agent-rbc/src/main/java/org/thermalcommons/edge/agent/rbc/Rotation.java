package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who sheds: under grid stress a share of the zones sheds (seed 000, "comfort vs. load": the building gives up some
 * comfort for load, never all of it in one zone). Shedding rotates: a zone's turn ends once its temperature has been
 * above its band for {@code maxOutside} during the turn (a zone that stays inside its band keeps shedding: it costs no
 * comfort), and the zone then rests for {@code maxOutside} before it may shed again. A new turn goes to the zone that
 * has shed least so far (ties by device), among those resting no more and not above their band: a zone already too
 * warm is never asked to shed (shedding warms a zone, so "outside" here means above the band).
 * When fewer zones are wanted, the longest-running turns end first. Cycle thread only.
 */
final class Rotation {
    /** Why a turn ended. */
    enum End { OUTSIDE_TOO_LONG, FEWER_WANTED, STRESS_OVER, ZONE_GONE }

    record Ended(String device, End why, Duration lasted, Duration outside) {
    }

    private static final class Turn {
        final Instant start;
        Duration outside = Duration.ZERO;

        Turn(Instant start) {
            this.start = start;
        }
    }

    private final Map<String, Turn> shedding = new LinkedHashMap<>();
    private final Map<String, Duration> shedTotal = new HashMap<>();
    private final Map<String, Instant> restUntil = new HashMap<>();
    private final List<Ended> ended = new ArrayList<>();
    private long turns;

    /**
     * Advances the rotation by one cycle.
     *
     * @param zones        the zones there are now, each with whether it is above its (normal) band
     * @param wanted       how many zones should shed now (0 when there is no stress)
     * @param elapsed      gateway-clock time since the previous cycle
     * @param maxOutside   the longest time outside its band a turn may cost a zone
     * @return the zones shedding from now on
     */
    Set<String> update(Instant now, Duration elapsed, Map<String, Boolean> zones, int wanted, Duration maxOutside) {
        ended.clear();
        for (var it = shedding.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            String device = e.getKey();
            Turn t = e.getValue();
            Boolean outside = zones.get(device);
            if (outside == null) {
                it.remove();
                ended.add(new Ended(device, End.ZONE_GONE, Duration.between(t.start, now), t.outside));
                continue;
            }
            shedTotal.merge(device, elapsed, Duration::plus);
            if (outside) {
                t.outside = t.outside.plus(elapsed);
            }
            if (t.outside.compareTo(maxOutside) >= 0) {
                it.remove();
                restUntil.put(device, now.plus(maxOutside));
                ended.add(new Ended(device, End.OUTSIDE_TOO_LONG, Duration.between(t.start, now), t.outside));
            }
        }
        restUntil.keySet().retainAll(zones.keySet());
        shedTotal.keySet().retainAll(zones.keySet());
        int target = Math.max(0, Math.min(wanted, zones.size()));
        while (shedding.size() > target) {
            String longest = shedding.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.comparing(t -> t.start)))
                    .orElseThrow().getKey();
            Turn t = shedding.remove(longest);
            ended.add(new Ended(longest, wanted == 0 ? End.STRESS_OVER : End.FEWER_WANTED, Duration.between(t.start, now),
                    t.outside));
        }
        while (shedding.size() < target) {
            String next = null;
            for (Map.Entry<String, Boolean> z : new java.util.TreeMap<>(zones).entrySet()) {
                String d = z.getKey();
                Instant rest = restUntil.get(d);
                if (shedding.containsKey(d) || z.getValue() || (rest != null && now.isBefore(rest))) {
                    continue;
                }
                if (next == null || total(d).compareTo(total(next)) < 0) {
                    next = d;
                }
            }
            if (next == null) {
                break;
            }
            shedding.put(next, new Turn(now));
            turns++;
        }
        return new TreeSet<>(shedding.keySet());
    }

    /** Turns that ended in the last {@link #update}. */
    List<Ended> ended() {
        return List.copyOf(ended);
    }

    Duration total(String device) {
        return shedTotal.getOrDefault(device, Duration.ZERO);
    }

    /** Time outside its band the zone's current turn has cost it (zero when not shedding). */
    Duration outsideThisTurn(String device) {
        Turn t = shedding.get(device);
        return t == null ? Duration.ZERO : t.outside;
    }

    boolean isShedding(String device) {
        return shedding.containsKey(device);
    }

    /** Turns started since the agent started. */
    long turns() {
        return turns;
    }
}
