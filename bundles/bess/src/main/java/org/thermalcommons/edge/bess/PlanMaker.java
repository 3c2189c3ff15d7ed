package org.thermalcommons.edge.bess;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Makes a plan from its inputs (planner thread): the LP, or a template expressed as a plan. Stateless but for the LP. */
final class PlanMaker {
    private PlanMaker() {
    }

    static Plan make(PlanInputs in) {
        Optional<Template> template = in.template();
        if (template.isPresent()) {
            return templatePlan(template.get(), in);
        }
        return new LpPlanner().plan(in.request());
    }

    /**
     * A template's dispatch over the horizon in whole intervals from the current interval's start, as a plan (target =
     * firm delivery from battery + PV surplus). Templates dispatch intervals, not fractions of them.
     */
    static Plan templatePlan(Template t, PlanInputs in) {
        DispatchSettings s = in.settings();
        PlanRequest r = in.request();
        int n = r.intervals();
        double dt = s.intervalHours();
        Instant start = s.intervalStart(r.start());
        double[] surplus = new double[n];
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            surplus[i] = Math.max(0, r.pvKw()[i] - r.loadKw()[i]);
            int hour = start.plusSeconds((long) (i * dt * 3600)).atZone(s.zone()).getHour();
            target[i] = hour >= s.targetStart() && hour < s.targetEnd() ? s.firmTargetKw() : 0;
        }
        SiteParams site = SiteParams.of(s.battery(), 0);
        TemplateDispatcher.Run run = TemplateDispatcher.run(t, site, surplus, target, start, s.zone(), dt, in.state());
        double[] c = new double[n];
        double[] d = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            Interval iv = run.intervals().get(i);
            c[i] = Math.max(0, -iv.batteryKw());
            d[i] = Math.max(0, iv.batteryKw());
            e[i] = iv.socPercent() / 100.0 * s.battery().capacityKwh();
        }
        return new Plan(start, dt, dt, in.state().energyKwh(), c, d, new double[n], new double[n], e, new double[0], 0,
                Double.NaN, 0, List.of());
    }
}
