package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.thermalcommons.edge.api.market.GridStress;

/**
 * Comfort and power per report interval (aligned to the clock, e.g. :00, :15, :30, :45): degree-minutes outside the
 * zones' bands (the normal band, and the band in force, relaxed while a zone sheds), minutes beyond the band in force
 * by more than the tolerance (violations), average cooling power of the zones and the building's load. Also keeps the
 * totals since start for the metrics. Cycle thread writes; totals are read from any thread.
 */
final class ComfortLedger {
    /** One closed interval. */
    record Report(Instant start, Instant end, GridStress maxStress, int zones, int maxShedding, double degreeMinutesOutsideBand,
                  double degreeMinutesOutsideRelaxed, double violationMinutes, double coolingKw, OptionalDouble buildingKw) {
    }

    private Instant start;
    private double minutes;
    private double outside;
    private double outsideRelaxed;
    private double violation;
    private double coolingKwMin;
    private double loadKwMin;
    private double loadMinutes;
    private int zones;
    private int maxShedding;
    private GridStress maxStress = GridStress.NORMAL;

    private volatile double totalOutside;
    private volatile double totalOutsideRelaxed;
    private volatile double totalViolation;

    // This cycle's figures, added to the interval by cycle().
    private double cycleOutside;
    private double cycleOutsideRelaxed;
    private double cycleViolation;
    private double cycleCoolingKwMin;

    /** One zone during one cycle of {@code minutes}. */
    void zone(double minutes, double outsideBand, double outsideInForce, double tolerance, OptionalDouble coolingKw) {
        cycleOutside += outsideBand * minutes;
        cycleOutsideRelaxed += outsideInForce * minutes;
        if (outsideInForce > tolerance) {
            cycleViolation += minutes;
        }
        if (coolingKw.isPresent()) {
            cycleCoolingKwMin += coolingKw.getAsDouble() * minutes;
        }
    }

    /**
     * Ends the cycle at {@code now}; returns the interval that closed, if one did.
     *
     * @param minutes this cycle's length (gateway-clock minutes)
     */
    Optional<Report> cycle(Instant now, double minutes, Duration interval, GridStress stress, int zoneCount, int shedding,
                           OptionalDouble buildingKw) {
        Instant bucket = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), interval.toSeconds()) * interval.toSeconds());
        Optional<Report> closed = Optional.empty();
        if (start != null && !bucket.equals(start)) {
            closed = Optional.of(report(bucket));
            reset();
        }
        if (start == null) {
            start = bucket;
        }
        this.minutes += minutes;
        outside += cycleOutside;
        outsideRelaxed += cycleOutsideRelaxed;
        violation += cycleViolation;
        coolingKwMin += cycleCoolingKwMin;
        totalOutside += cycleOutside;
        totalOutsideRelaxed += cycleOutsideRelaxed;
        totalViolation += cycleViolation;
        cycleOutside = 0;
        cycleOutsideRelaxed = 0;
        cycleViolation = 0;
        cycleCoolingKwMin = 0;
        zones = Math.max(zones, zoneCount);
        maxShedding = Math.max(maxShedding, shedding);
        if (stress.compareTo(maxStress) > 0) {
            maxStress = stress;
        }
        if (buildingKw.isPresent()) {
            loadKwMin += buildingKw.getAsDouble() * minutes;
            loadMinutes += minutes;
        }
        return closed;
    }

    private Report report(Instant end) {
        double m = Math.max(minutes, 1e-9);
        return new Report(start, end, maxStress, zones, maxShedding, outside, outsideRelaxed, violation, coolingKwMin / m,
                loadMinutes > 0 ? OptionalDouble.of(loadKwMin / loadMinutes) : OptionalDouble.empty());
    }

    private void reset() {
        start = null;
        minutes = 0;
        outside = 0;
        outsideRelaxed = 0;
        violation = 0;
        coolingKwMin = 0;
        loadKwMin = 0;
        loadMinutes = 0;
        zones = 0;
        maxShedding = 0;
        maxStress = GridStress.NORMAL;
    }

    double totalDegreeMinutesOutsideBand() {
        return totalOutside;
    }

    double totalDegreeMinutesOutsideRelaxed() {
        return totalOutsideRelaxed;
    }

    double totalViolationMinutes() {
        return totalViolation;
    }
}
