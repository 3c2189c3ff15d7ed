package org.thermalcommons.edge.bess;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link Template} over a series of intervals: the state machine that decides, interval by interval, whether
 * the firm target is delivered (all of it or nothing: binary delivery), who serves it (PV, battery, DG), and where
 * surplus goes (battery, else curtailed). The battery only ever moves through {@link BatteryModel#step}, so the SOC
 * window, power limits and daily cycle limit hold by construction; the battery charges only from PV unless the template
 * lets the DG charge it.
 */
public final class TemplateDispatcher {
    private static final double EPS = 1e-9;

    private TemplateDispatcher() {
    }

    /**
     * A run's result.
     *
     * @param intervals what happened in each interval
     * @param metrics   per-run figures
     * @param end       battery state at the end
     */
    public record Run(List<Interval> intervals, RunMetrics metrics, BatteryState end) {
    }

    /**
     * @param pvKw     PV available per interval
     * @param targetKw firm delivery target per interval (0 = nothing to deliver)
     * @param start    instant of the first interval
     * @param zone     local time zone (for day/night and daily cycle limits)
     * @param dtHours  interval length
     * @param initial  battery state at the start
     */
    public static Run run(Template t, SiteParams site, double[] pvKw, double[] targetKw, Instant start, ZoneOffset zone,
                          double dtHours, BatteryState initial) {
        if (pvKw.length != targetKw.length) {
            throw new IllegalArgumentException("pvKw and targetKw must have the same length");
        }
        BatteryParams p = site.battery();
        BatteryState state = initial;
        boolean dgLatched = false;
        List<Interval> out = new ArrayList<>(pvKw.length);
        for (int i = 0; i < pvKw.length; i++) {
            ZonedDateTime at = start.plusNanos((long) (i * dtHours * 3.6e12)).atZone(zone);
            double hour = at.getHour() + at.getMinute() / 60.0;
            long day = at.toLocalDate().toEpochDay();
            if (day != state.day()) {
                state = new BatteryState(state.energyKwh(), 0, day);
            }
            double pv = Math.max(0, pvKw[i]);
            double target = Math.max(0, targetKw[i]);
            boolean allowed = site.dgKw() > 0 && switch (t.timing) {
                case NEVER -> false;
                case ANYTIME -> true;
                case DAY -> site.isDay(hour);
                case NIGHT -> !site.isDay(hour);
                case OUTSIDE_BLACKOUT -> !site.inBlackout(hour);
            };
            double soc = state.socPercent(p);
            boolean dgOn = switch (t.trigger) {
                case SOC -> dgLatched = allowed && (soc <= site.socOnPercent() || (dgLatched && soc < site.socOffPercent()));
                case PROACTIVE -> allowed && soc < site.socOffPercent();
                case NONE, REACTIVE -> false;
            };
            double maxDis = BatteryModel.maxDischargeKw(p, state, dtHours);
            double maxCh = BatteryModel.maxChargeKw(p, state, dtHours);
            double dgAvailable = dgOn || (t.trigger == Template.Trigger.REACTIVE && allowed) ? site.dgKw() : 0;

            double pvToLoad = Math.min(pv, target);
            double rest = target - pvToLoad;
            boolean deliver = target > 0 && rest <= maxDis + dgAvailable + EPS;
            double fromBattery = 0;
            double fromDg = 0;
            if (deliver) {
                boolean needDg = rest > maxDis + EPS;
                if (needDg || (dgOn && t.loadPriority == Template.LoadPriority.DG_FIRST)) {
                    fromDg = Math.min(rest, dgAvailable);
                    fromBattery = Math.max(0, rest - fromDg);
                } else {
                    fromBattery = rest;
                }
                if (fromBattery > maxDis) {
                    fromBattery = maxDis;
                }
            } else {
                pvToLoad = 0;
            }
            double pvSurplus = pv - pvToLoad;
            double pvCharge = 0;
            double dgCharge = 0;
            if (fromBattery <= EPS) {
                fromBattery = 0;
                pvCharge = Math.min(pvSurplus, maxCh);
                if (dgOn && t.dgChargesBattery) {
                    dgCharge = Math.max(0, Math.min(site.dgKw() - fromDg, maxCh - pvCharge));
                }
            }
            double request = fromBattery > 0 ? fromBattery : -(pvCharge + dgCharge);
            BatteryModel.Step step = BatteryModel.step(p, state, request, pvCharge + dgCharge, dtHours, day);
            if (Math.abs(step.actualKw() - request) > 1e-6) {
                // Cannot happen: requests are within maxDischargeKw / maxChargeKw. Fail loudly rather than mis-report.
                throw new IllegalStateException("battery step clamped " + request + " kW to " + step.actualKw() + " kW");
            }
            state = step.next();
            double dgOut = fromDg + dgCharge;
            double delivered = deliver ? target : 0;
            out.add(new Interval(hour, target, delivered, pv, pvToLoad, pvCharge, pvSurplus - pvCharge, step.actualKw(),
                    dgOut, fromDg, dgCharge, state.socPercent(p)));
        }
        return new Run(out, RunMetrics.of(site, out, dtHours), state);
    }
}
