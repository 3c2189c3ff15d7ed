package org.thermalcommons.edge.api.market;

import java.util.Locale;
import java.util.Optional;

/** Grid stress level signalled by the utility or market. Its ordinal is the value of a Grid_Stress_Level point. */
public enum GridStress {
    NORMAL, ELEVATED, HIGH, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<GridStress> fromLevel(double level) {
        int i = (int) Math.round(level);
        return i >= 0 && i < values().length && Math.abs(level - i) < 1e-9 ? Optional.of(values()[i]) : Optional.empty();
    }

    public static Optional<GridStress> fromWireName(String name) {
        for (GridStress s : values()) {
            if (s.wireName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
