package org.thermalcommons.edge.bess;

/**
 * The site a template dispatches.
 *
 * @param battery            battery limits
 * @param dgKw               DG rated power (0 = none)
 * @param socOnPercent       SOC at or below which an SOC-triggered DG starts (default 20)
 * @param socOffPercent      SOC at or above which it stops (default 80)
 * @param dayStartHour       local hour the day window starts (default 6)
 * @param dayEndHour         local hour it ends (default 18)
 * @param blackoutStartHour  T3: first local hour the DG may not run (default 22)
 * @param blackoutEndHour    T3: local hour the blackout ends (default 6; may wrap past midnight)
 */
public record SiteParams(BatteryParams battery, double dgKw, double socOnPercent, double socOffPercent,
                         int dayStartHour, int dayEndHour, int blackoutStartHour, int blackoutEndHour) {
    public SiteParams {
        if (dgKw < 0) {
            throw new IllegalArgumentException("dgKw must be >= 0");
        }
        if (!(socOnPercent < socOffPercent)) {
            throw new IllegalArgumentException("socOnPercent must be below socOffPercent");
        }
        if (dayStartHour < 0 || dayEndHour > 24 || dayStartHour >= dayEndHour) {
            throw new IllegalArgumentException("day window must be 0 <= dayStartHour < dayEndHour <= 24");
        }
        if (blackoutStartHour < 0 || blackoutStartHour > 23 || blackoutEndHour < 0 || blackoutEndHour > 24) {
            throw new IllegalArgumentException("blackout hours must be 0..24");
        }
    }

    public static SiteParams of(BatteryParams battery, double dgKw) {
        return new SiteParams(battery, dgKw, 20, 80, 6, 18, 22, 6);
    }

    boolean isDay(double hour) {
        return hour >= dayStartHour && hour < dayEndHour;
    }

    boolean inBlackout(double hour) {
        return blackoutStartHour <= blackoutEndHour
                ? hour >= blackoutStartHour && hour < blackoutEndHour
                : hour >= blackoutStartHour || hour < blackoutEndHour;
    }

    /** DG fuel in litres per hour at {@code kw} output: 0.246 l/kWh + 0.08415 l/h per rated kW (a common diesel curve). */
    double fuelLitresPerHour(double kw) {
        return kw > 0 ? 0.246 * kw + 0.08415 * dgKw : 0;
    }
}
