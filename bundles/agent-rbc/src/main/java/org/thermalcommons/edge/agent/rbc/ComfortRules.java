package org.thermalcommons.edge.agent.rbc;

import org.thermalcommons.edge.agent.rbc.AgentSettings.Band;

/**
 * The per-zone rules, as pure functions.
 *
 * <ol>
 * <li><b>Comfort band</b> (seed 003, comfort constraints {@code min_temp ≤ T ≤ max_temp} around a {@code target_temp}):
 * a zone holds the middle of its band, the band depending on the zone and on occupancy.</li>
 * <li><b>Comfort vs. load</b> (seed 000, the rule-based agent trades comfort for load under grid stress): a zone whose
 * turn it is to shed has its cooling setpoint raised to the top of its band plus the level's relaxation, less a small
 * margin, so its cooling drops at once and its temperature stays inside the relaxed band.</li>
 * <li><b>Pre-cooling</b>: in the lead time before an expected stress window, a zone holds {@code precoolDepth} below
 * the middle of its band, never below the band.</li>
 * <li><b>Comfort correction</b>: while a zone's temperature is outside the band in force (relaxed while it sheds) and
 * not moving back toward it, its setpoint is corrected by up to {@code step} per interval toward the band (a zone whose
 * own loop is already bringing it back is left to it: no wind-up); inside the band it fades back at a quarter of that
 * rate.
 * Comfort always wins over shedding.</li>
 * </ol>
 */
final class ComfortRules {
    private ComfortRules() {
    }

    /** The setpoint a zone's rules ask for, before ramps and corrections. */
    static double target(Band band, boolean shedding, double relax, boolean precool, AgentSettings s) {
        if (shedding && relax > 0) {
            return Math.max(band.target(), band.high() + relax - s.shedMargin());
        }
        if (precool) {
            return Math.max(band.low(), band.target() - s.precoolDepth());
        }
        return band.target();
    }

    /**
     * The comfort correction after this cycle: down while the zone is too warm for the band in force and not cooling
     * down, up while it is too cool and not warming up, fading back toward zero inside the band.
     *
     * @param lastCelsius the zone's temperature in the previous cycle (NaN when unknown)
     * @param maxMove     how far the correction may move this cycle (°C)
     */
    static double correct(double correction, double tempCelsius, double lastCelsius, Band inForce, double maxMove) {
        boolean unknown = Double.isNaN(lastCelsius);
        if (tempCelsius > inForce.high() && (unknown || tempCelsius >= lastCelsius)) {
            return correction - maxMove;
        }
        if (tempCelsius < inForce.low() && (unknown || tempCelsius <= lastCelsius)) {
            return correction + maxMove;
        }
        if (inForce.outside(tempCelsius) == 0) { // inside: the correction fades slowly back to the rules' own target
            double fade = maxMove / 4;
            return correction > 0 ? Math.max(0, correction - fade) : Math.min(0, correction + fade);
        }
        return correction;
    }

    /** The setpoint to request: the ramped target plus the correction, within the configured setpoint range. */
    static double setpoint(double rampedTarget, double correction, AgentSettings s) {
        return Math.max(s.minSetpoint(), Math.min(s.maxSetpoint(), rampedTarget + correction));
    }
}
