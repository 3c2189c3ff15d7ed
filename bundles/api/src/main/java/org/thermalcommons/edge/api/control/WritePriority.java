package org.thermalcommons.edge.api.control;

/** Priority of a write request, highest first. A higher priority always wins arbitration for a point. */
public enum WritePriority {
    SAFETY,
    MANUAL_OVERRIDE,
    MARKET_COMMITMENT,
    BESS_PLAN,
    COMFORT,
    OPTIMISATION;

    /** True when this priority wins over {@code other}. */
    public boolean outranks(WritePriority other) {
        return ordinal() < other.ordinal();
    }
}
