package org.thermalcommons.edge.bess;

import java.util.Locale;
import java.util.Optional;

/**
 * The seven dispatch templates for a site with PV, a battery, an optional diesel generator (DG) and a firm delivery
 * target. Each is a setting of the DG rules; the state machine that runs them is {@link TemplateDispatcher}.
 * <ul>
 * <li>T0 solar + BESS only: no DG.</li>
 * <li>T1 green priority: DG any time, only as the last resort when PV and battery cannot deliver the target.</li>
 * <li>T2 DG night charge: at night the DG proactively charges the battery up to the SOC off threshold, and covers
 * the night's deliveries first.</li>
 * <li>T3 DG blackout window: as T1, but the DG may not run in the configured blackout hours.</li>
 * <li>T4 DG emergency only: SOC-triggered at any time (on at or below the on threshold, off at or above the off
 * threshold), then charges the battery.</li>
 * <li>T5 DG day charge: SOC-triggered, daytime only.</li>
 * <li>T6 DG night SOC trigger: SOC-triggered, night only.</li>
 * </ul>
 */
public enum Template {
    T0(Timing.NEVER, Trigger.NONE, false, LoadPriority.BESS_FIRST),
    T1(Timing.ANYTIME, Trigger.REACTIVE, false, LoadPriority.BESS_FIRST),
    T2(Timing.NIGHT, Trigger.PROACTIVE, true, LoadPriority.DG_FIRST),
    T3(Timing.OUTSIDE_BLACKOUT, Trigger.REACTIVE, false, LoadPriority.BESS_FIRST),
    T4(Timing.ANYTIME, Trigger.SOC, true, LoadPriority.DG_FIRST),
    T5(Timing.DAY, Trigger.SOC, true, LoadPriority.DG_FIRST),
    T6(Timing.NIGHT, Trigger.SOC, true, LoadPriority.DG_FIRST);

    /** When the DG may run. Day is [dayStartHour, dayEndHour) local time. */
    public enum Timing { NEVER, ANYTIME, DAY, NIGHT, OUTSIDE_BLACKOUT }

    /**
     * What starts the DG. REACTIVE: a delivery PV and battery cannot make. SOC: hysteresis on the battery's SOC.
     * PROACTIVE: whenever allowed and the battery is below the off threshold.
     */
    public enum Trigger { NONE, REACTIVE, SOC, PROACTIVE }

    /** Who serves the target first once the DG runs. */
    public enum LoadPriority { BESS_FIRST, DG_FIRST }

    public final Timing timing;
    public final Trigger trigger;
    public final boolean dgChargesBattery;
    public final LoadPriority loadPriority;

    Template(Timing timing, Trigger trigger, boolean dgChargesBattery, LoadPriority loadPriority) {
        this.timing = timing;
        this.trigger = trigger;
        this.dgChargesBattery = dgChargesBattery;
        this.loadPriority = loadPriority;
    }

    public static Optional<Template> parse(String s) {
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
