package org.thermalcommons.edge.api.point;

import java.util.Locale;
import java.util.Optional;

/** Engineering unit of a point value. Every value travels with its unit. */
public enum Unit {
    CELSIUS("°C"),
    PERCENT("%"),
    PERCENT_RELATIVE_HUMIDITY("%RH"),
    WATT("W"),
    KILOWATT("kW"),
    KILOWATT_HOUR("kWh"),
    VOLT("V"),
    AMPERE("A"),
    HERTZ("Hz"),
    SECONDS("s"),
    PRICE_PER_KWH("/kWh"),
    /** Kilograms of CO₂ (equivalent), e.g. emissions avoided by delivered flexibility. */
    KILOGRAM_CO2("kg"),
    /** 0 or 1. */
    BOOLEAN("bool"),
    /** An enumerated or multi-state value (e.g. SG-Ready state 1..4, grid stress 0..3). */
    STATE("state"),
    /** Dimensionless count or ratio. */
    NONE("");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Looks a unit up by enum name, case-insensitively (e.g. {@code kilowatt}, {@code CELSIUS}). */
    public static Optional<Unit> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (Unit u : values()) {
            if (u.name().equals(t)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
