package org.thermalcommons.edge.api.store;

/**
 * How a point's values aggregate over a bucket, derived by the store from the point's role and unit (analog values
 * average, cumulative counters keep their last reading, alarms and flags keep any activation, minimum- and
 * maximum-type values keep their extreme).
 */
public enum SignalKind {
    /** Telemetry (temperature, power, SOC): the mean, with min and max as the band. */
    ANALOG,
    /** A cumulative energy counter (kWh): the last reading per bucket; {@link Bucket#intervalEnergy()} by difference. */
    COUNTER,
    /** Alarms, flags, states and stress levels: the max (any activation in the bucket shows). */
    ALARM,
    /** A minimum-type value (e.g. a cell's minimum voltage): the min. */
    MINIMUM,
    /** A maximum- or peak-type value (e.g. a maximum temperature, a power limit): the max. */
    MAXIMUM
}
