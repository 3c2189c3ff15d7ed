package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.agent.rbc.AgentSettings.Band;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.market.GridStress;

/**
 * One cycle of the comfort agent, without OSGi: reads the zones by role, decides who sheds ({@link Rotation}), what each
 * zone's setpoint is ({@link ComfortRules}, ramped by {@link Restore}), requests it, accounts comfort and power
 * ({@link ComfortLedger}), and leaves the state {@link Flexibility} offers from. Every zone with a good temperature is
 * commanded every cycle (the request is latched; the command layer writes only what changed). Cycle thread only,
 * except the getters for metrics.
 */
final class Agent {
    static final String ID = "agent-rbc";
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private static final class ZoneState {
        double correction;
        boolean shedding;
        double lastTemp = Double.NaN;
    }

    private final Rotation rotation = new Rotation();
    private final Restore restore = new Restore();
    private final ComfortLedger ledger = new ComfortLedger();
    private final Flexibility flexibility = new Flexibility();
    private final AgentPoints points = new AgentPoints();
    private final Map<String, ZoneState> zones = new HashMap<>();
    private final Function<Instant, GridStress> commitments;
    private volatile AgentSettings settings;
    private volatile int sheddingNow;
    private volatile GridStress levelNow = GridStress.NORMAL;
    private Instant lastRun;
    private boolean precooling;
    private GridStress loggedLevel = GridStress.NORMAL;
    private boolean quiet;

    /** @param commitments the stress level a won commitment asks for at a time (NORMAL when there is none) */
    Agent(AgentSettings settings, Function<Instant, GridStress> commitments) {
        this.settings = settings;
        this.commitments = commitments;
    }

    /** A warm-up instance logs nothing. */
    Agent quiet() {
        quiet = true;
        return this;
    }

    void reconfigure(AgentSettings s) {
        settings = s;
    }

    AgentSettings settings() {
        return settings;
    }

    void run(CycleContext ctx) {
        AgentSettings s = settings;
        Instant now = ctx.now();
        Duration elapsed = lastRun == null ? Duration.ZERO : Duration.between(lastRun, now);
        if (elapsed.isNegative()) {
            elapsed = Duration.ZERO;
        }
        // The first cycle may move a full step; afterwards moves are proportional to the clock time elapsed.
        double fraction = lastRun == null ? 1.0 : Math.min(1.0, elapsed.toNanos() / (double) s.interval().toNanos());
        double minutes = elapsed.toNanos() / 6e10;
        lastRun = now;
        PointSnapshot snap = ctx.snapshot();

        GridStress signalled = ZoneReading.stress(snap);
        GridStress committed = commitments.apply(now);
        GridStress level = committed.compareTo(signalled) > 0 ? committed : signalled;
        double relax = s.relax(level);
        boolean precool = level.compareTo(GridStress.HIGH) < 0 && !s.precool().contains(now, s.zone())
                && s.precool().nextStart(now, s.precoolLead(), s.zone()).isPresent();
        if (precool != precooling) {
            precooling = precool;
            if (!quiet) {
                LOG.info("Comfort agent: {} pre-cooling ({} °C below the bands' middle) {} the expected stress window",
                        precool ? "starts" : "ends", s.precoolDepth(), precool ? "before" : "at");
            }
        }

        List<ZoneReading> readings = ZoneReading.read(snap);
        Map<String, Boolean> outside = new TreeMap<>();
        Map<String, Band> bands = new HashMap<>();
        for (ZoneReading z : readings) {
            if (z.tempCelsius().isPresent()) {
                boolean occupied = z.occupied().orElseGet(() -> s.occupiedSchedule().contains(now, s.zone()));
                Band band = occupied ? s.occupiedBand(z.device()) : s.unoccupied();
                bands.put(z.device(), band);
                // Shedding warms a zone: what counts for its turn is the time above its band (a zone too cool may shed).
                outside.put(z.device(), z.tempCelsius().getAsDouble() > band.high() + 1e-9);
            }
        }
        int wanted = relax > 0 && !precool ? (int) Math.ceil(outside.size() * s.sharePercent(level) / 100.0) : 0;
        Set<String> shedding = rotation.update(now, elapsed, outside, wanted, s.maxOutside());
        if (!quiet) {
            logChanges(level, relax, shedding, outside.size(), readings);
        }

        List<Flexibility.ZoneFlex> flex = new ArrayList<>();
        Map<String, Double> targets = new HashMap<>();
        for (ZoneReading z : readings) {
            Band band = bands.get(z.device());
            if (band == null) {
                continue; // no good temperature: the latched request stays as it was
            }
            double t = z.tempCelsius().getAsDouble();
            ZoneState st = zones.computeIfAbsent(z.device(), d -> new ZoneState());
            boolean sheds = shedding.contains(z.device());
            if (sheds && !st.shedding) {
                st.correction = 0; // a new turn sheds from the shed setpoint itself
            }
            st.shedding = sheds;
            Band inForce = sheds ? band.relaxedBy(relax) : band;
            double target = ComfortRules.target(band, sheds, relax, precool, s);
            targets.put(z.device(), target);
            double ramped = restore.step(z.device(), target, now, s.restoreStep() * fraction, s.restoreStagger());
            if (ramped <= target + 1e-9) { // while a restore ramp brings the zone back, the ramp owns it
                st.correction = ComfortRules.correct(st.correction, t, st.lastTemp, inForce, s.stepCelsius() * fraction);
            }
            st.lastTemp = t;
            double sp = ComfortRules.setpoint(ramped, st.correction, s);
            st.correction = sp - ramped; // anti-windup: no correction beyond the setpoint range
            ctx.request(z.setpoint(), sp);
            ledger.zone(minutes, band.outside(t), inForce.outside(t), s.tolerance(), z.coolingKw());
            if (!sheds && band.outside(t) <= 0 && z.coolingKw().isPresent()) {
                double kw = z.coolingKw().getAsDouble() * s.shedFraction();
                double delta = t + s.relax(GridStress.HIGH) - band.target();
                flex.add(new Flexibility.ZoneFlex(z.device(), kw, Flexibility.price(s.comfortPricePerKwhPerK2(), delta)));
            }
        }
        zones.keySet().retainAll(bands.keySet());
        restore.retain(bands.keySet());
        flexibility.update(new Flexibility.View(now, flex, s.maxOutside(), s.offerHorizon()));
        sheddingNow = shedding.size();
        levelNow = level;

        Optional<ComfortLedger.Report> closed = ledger.cycle(now, minutes, s.report(), level, outside.size(),
                shedding.size(), ZoneReading.buildingLoadKw(snap));
        if (!quiet) {
            closed.ifPresent(r -> report(r, restore.pending(targets)));
        }
        points.update(now, sheddingNow, flexibility.sheddableKw(), closed);
    }

    private void logChanges(GridStress level, double relax, Set<String> shedding, int zoneCount,
                            List<ZoneReading> readings) {
        for (Rotation.Ended e : rotation.ended()) {
            if (e.why() == Rotation.End.OUTSIDE_TOO_LONG) {
                LOG.info("Comfort agent: '{}' hands its shed over after {} min ({} min outside its band); it rests and"
                        + " restores", e.device(), e.lasted().toMinutes(), e.outside().toMinutes());
            }
        }
        if (level != loggedLevel) {
            double cooling = readings.stream().map(ZoneReading::coolingKw).filter(OptionalDouble::isPresent)
                    .mapToDouble(OptionalDouble::getAsDouble).sum();
            if (relax > 0 && shedding.isEmpty()) {
                LOG.info("Comfort agent: grid stress {}: no zone sheds now ({}; cooling {} kW)", level.wireName(),
                        precooling ? "pre-cooling for the expected stress window first" : "none may at this level now",
                        round(cooling));
            } else if (relax > 0) {
                LOG.info("Comfort agent: grid stress {}: cooling setpoints relaxed by {} °C in {} of {} zones {}"
                        + " (cooling {} kW before the shed)", level.wireName(), relax, shedding.size(), zoneCount,
                        shedding, round(cooling));
            } else {
                LOG.info("Comfort agent: grid stress {}: shedding ends, zones restore one after another (cooling {} kW)",
                        level.wireName(), round(cooling));
            }
            loggedLevel = level;
        }
    }

    private void report(ComfortLedger.Report r, int restoring) {
        AgentSettings s = settings;
        LOG.info("Comfort agent {}-{}: stress {}, {} zones, up to {} shedding, {} restoring; comfort {} °C·min outside"
                        + " the bands, {} °C·min outside the bands in force, {} zone-min beyond +{} °C; cooling {} kW{}",
                r.start().atOffset(s.zone()).toLocalTime(), r.end().atOffset(s.zone()).toLocalTime(),
                r.maxStress().wireName(), r.zones(), r.maxShedding(), restoring, round(r.degreeMinutesOutsideBand()),
                round(r.degreeMinutesOutsideRelaxed()), round(r.violationMinutes()), s.tolerance(), round(r.coolingKw()),
                r.buildingKw().isPresent() ? ", building " + round(r.buildingKw().getAsDouble()) + " kW" : "");
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    Flexibility flexibility() {
        return flexibility;
    }

    AgentPoints points() {
        return points;
    }

    ComfortLedger ledger() {
        return ledger;
    }

    Rotation rotation() {
        return rotation;
    }

    int sheddingNow() {
        return sheddingNow;
    }

    GridStress levelNow() {
        return levelNow;
    }
}
