package org.thermalcommons.edge.store;

import java.time.Duration;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.SignalKind;

/**
 * Which measurements of a point become stored samples (the rollups see every good measurement regardless):
 * a sample is stored when its quality or unit changed, when {@code maxInterval} passed since the last stored
 * sample, or when at least {@code minInterval} passed and the value moved by at least the deadband of its unit
 * (any change for units without one). Alarms, flags and states store every change at once.
 *
 * @param minInterval      least time between stored samples of an analog or counter point
 * @param maxInterval      a sample is stored at least this often, even when the value holds
 * @param deadbandCelsius  for °C
 * @param deadbandPercent  for % and %RH
 * @param deadbandKilowatt for kW (W: a thousand times it)
 * @param deadbandKwh      for kWh counters
 */
record StoragePolicy(Duration minInterval, Duration maxInterval, double deadbandCelsius, double deadbandPercent,
                     double deadbandKilowatt, double deadbandKwh) {
    /** Stores every distinct measurement: no deadband, no minimum interval. */
    static final StoragePolicy EVERYTHING = new StoragePolicy(Duration.ZERO, Duration.ofDays(3650), 0, 0, 0, 0);

    /** One point's rule. */
    record Rule(double deadband, long minIntervalMs, long maxIntervalMs) {
        boolean store(double lastValue, long lastTs, double value, long ts) {
            long elapsed = ts - lastTs;
            if (elapsed >= maxIntervalMs) {
                return true;
            }
            if (elapsed < minIntervalMs) {
                return false;
            }
            double delta = Math.abs(value - lastValue);
            return deadband > 0 ? delta >= deadband : delta > 0;
        }
    }

    Rule rule(SignalKind kind, Unit unit) {
        long max = maxInterval.toMillis();
        if (kind == SignalKind.ALARM) {
            return new Rule(0, 0, max);
        }
        double deadband = switch (unit) {
            case CELSIUS -> deadbandCelsius;
            case PERCENT, PERCENT_RELATIVE_HUMIDITY -> deadbandPercent;
            case KILOWATT -> deadbandKilowatt;
            case WATT -> deadbandKilowatt * 1000;
            case KILOWATT_HOUR -> deadbandKwh;
            default -> 0;
        };
        return new Rule(deadband, minInterval.toMillis(), max);
    }
}
