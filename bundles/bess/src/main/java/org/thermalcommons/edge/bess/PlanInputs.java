package org.thermalcommons.edge.bess;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermalcommons.edge.api.flex.Commitment;

/**
 * Everything a plan is made from, copied on the controller thread so the planner thread never reads the forecaster,
 * the meter or the commitment book.
 *
 * @param settings   the settings the plan is for
 * @param template   the template to plan with (the configured one, or the fallback while there is no forecast), empty
 *                   for the LP
 * @param state      battery state now
 * @param request    the LP request (forecast, prices, commitments), built even for a template (its forecast)
 * @param deviation  whether the SOC deviation triggered this plan (not the start of an interval)
 */
record PlanInputs(DispatchSettings settings, Optional<Template> template, BatteryState state, PlanRequest request,
                  boolean deviation) {

    /**
     * Snapshots the inputs of a plan made at {@code now}: the first interval is the rest of the current one.
     *
     * @param baselines  battery power the plan had when each interval (by start) was offered to the market
     */
    static PlanInputs snapshot(DispatchSettings s, Instant now, BatteryState state, ProfileForecaster load,
                               ProfileForecaster pv, List<Commitment> commitments, Map<Instant, Double> baselines,
                               boolean deviation) {
        int n = s.horizon();
        Instant intervalStart = s.intervalStart(now);
        double first = Duration.between(now, intervalStart.plus(Duration.ofMinutes(s.intervalMinutes()))).toNanos() / 3.6e12;
        double dt = s.intervalHours();
        Instant[] starts = new Instant[n];
        for (int i = 0; i < n; i++) {
            starts[i] = i == 0 ? now : intervalStart.plus(Duration.ofMinutes((long) i * s.intervalMinutes()));
        }
        double[] imp = new double[n];
        double[] exp = new double[n];
        for (int i = 0; i < n; i++) {
            imp[i] = s.importPrice(starts[i]);
            exp[i] = imp[i] * s.exportFactor();
        }
        double[] min = PlanRequest.none(n);
        double[] max = PlanRequest.none(n);
        for (int i = 0; i < n; i++) {
            Instant a = starts[i];
            Instant b = intervalStart.plus(Duration.ofMinutes((long) (i + 1) * s.intervalMinutes()));
            double target = 0;
            boolean any = false;
            for (Commitment c : commitments) {
                if (c.start().isBefore(b) && c.end().isAfter(a)) {
                    // One baseline per interval (what the plan had when it was offered), every trade on top of it.
                    target += (any ? 0 : baselines.getOrDefault(c.start(), 0.0)) + c.kw();
                    any = true;
                }
            }
            if (any && target >= 0) {
                min[i] = target;
            } else if (any) {
                max[i] = target;
            }
        }
        double terminal = java.util.Arrays.stream(s.touPrices()).min().orElse(0) * s.battery().roundTripEfficiency();
        Optional<Template> template = s.template().isPresent() || load.ready(s.minHistoryHours()) && pv.ready(s.minHistoryHours())
                ? s.template() : Optional.of(s.fallback());
        PlanRequest r = new PlanRequest(s.battery(), state, now, s.zone(), dt, Math.max(first, 1e-6), load.forecast(starts),
                pv.forecast(starts), imp, exp, min, max, s.demandCharge(), terminal, 1e6);
        return new PlanInputs(s, template, state, r, deviation);
    }
}
