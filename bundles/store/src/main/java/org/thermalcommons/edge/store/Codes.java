package org.thermalcommons.edge.store;

import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.SignalKind;

/**
 * The stable integer codes the database stores for quality, unit and signal kind. They never change meaning: a new
 * enum constant gets a new code (the switches are exhaustive, so adding one without a code does not compile), and
 * reordering the API's enums does not touch stored data. Code 0 of quality is GOOD, the most frequent (SQLite stores
 * 0 and 1 in no payload bytes).
 */
final class Codes {
    private Codes() {
    }

    static int quality(Quality q) {
        return switch (q) {
            case GOOD -> 0;
            case STALE -> 1;
            case FAULT -> 2;
        };
    }

    static Quality quality(int code) {
        return switch (code) {
            case 0 -> Quality.GOOD;
            case 1 -> Quality.STALE;
            case 2 -> Quality.FAULT;
            default -> throw new IllegalStateException("unknown quality code " + code + " in the database");
        };
    }

    static int unit(Unit u) {
        return switch (u) {
            case NONE -> 0;
            case CELSIUS -> 1;
            case PERCENT -> 2;
            case PERCENT_RELATIVE_HUMIDITY -> 3;
            case WATT -> 4;
            case KILOWATT -> 5;
            case KILOWATT_HOUR -> 6;
            case VOLT -> 7;
            case AMPERE -> 8;
            case HERTZ -> 9;
            case SECONDS -> 10;
            case PRICE_PER_KWH -> 11;
            case BOOLEAN -> 12;
            case STATE -> 13;
            case KILOGRAM_CO2 -> 14;
        };
    }

    /** The unit of a code; NULL (rows from before units were stored) and unknown codes read as {@link Unit#NONE}. */
    static Unit unit(Integer code) {
        if (code == null) {
            return Unit.NONE;
        }
        for (Unit u : Unit.values()) {
            if (unit(u) == code) {
                return u;
            }
        }
        return Unit.NONE;
    }

    static int kind(SignalKind k) {
        return switch (k) {
            case ANALOG -> 0;
            case COUNTER -> 1;
            case ALARM -> 2;
            case MINIMUM -> 3;
            case MAXIMUM -> 4;
        };
    }

    static SignalKind kind(int code) {
        for (SignalKind k : SignalKind.values()) {
            if (kind(k) == code) {
                return k;
            }
        }
        return SignalKind.ANALOG;
    }
}
