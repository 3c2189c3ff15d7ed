package org.thermalcommons.edge.bess;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Validated dispatch settings.
 *
 * @param template         the template to run, empty for the LP
 * @param fallback         the template that plans while there is no forecast
 * @param minHistoryHours  history the forecast needs before the LP uses it
 * @param smoothing        forecast smoothing across days
 * @param battery          battery limits
 * @param safeKw           what the battery is set to while a measurement is missing or the inverter alarms
 * @param intervalMinutes  plan interval
 * @param horizon          plan length in intervals
 * @param touPrices        24 hourly import prices, local time
 * @param exportFactor     export price as a fraction of import
 * @param demandCharge     per kW of peak import
 * @param replanDeviation  SOC deviation from the plan (percentage points) that triggers a re-plan
 * @param zone             local time
 * @param firmTargetKw     template firm target
 * @param targetStart      template target from (local hour)
 * @param targetEnd        template target until (local hour)
 */
public record DispatchSettings(Optional<Template> template, Template fallback, double minHistoryHours, double smoothing,
                               BatteryParams battery, double safeKw, int intervalMinutes, int horizon,
                               double[] touPrices, double exportFactor, double demandCharge,
                               double replanDeviation, ZoneOffset zone, double firmTargetKw, int targetStart,
                               int targetEnd) {
    public DispatchSettings {
        if (touPrices.length != 24) {
            throw new IllegalArgumentException("touPricesPerKwh must have 24 values, has " + touPrices.length);
        }
        if (targetStart >= targetEnd) {
            throw new IllegalArgumentException("targetStartHour must be before targetEndHour");
        }
        if (intervalMinutes < 1 || 1440 % intervalMinutes != 0) {
            throw new IllegalArgumentException("intervalMinutes must divide a day (5, 10, 15, 20, 30, 60)");
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizonIntervals must be >= 1");
        }
        if (safeKw < -battery.maxChargeKw() || safeKw > battery.maxDischargeKw()) {
            throw new IllegalArgumentException("safeKw must be within -maxChargeKw..maxDischargeKw");
        }
        touPrices = touPrices.clone();
    }

    public static DispatchSettings of(DispatchConfig c) {
        Optional<Template> template = c.mode().equalsIgnoreCase("lp") ? Optional.empty()
                : Optional.of(Template.parse(c.mode()).orElseThrow(() -> new IllegalArgumentException(
                "mode '" + c.mode() + "' must be lp or one of T0..T6")));
        Template fallback = Template.parse(c.fallbackTemplate()).orElseThrow(() -> new IllegalArgumentException(
                "fallbackTemplate '" + c.fallbackTemplate() + "' must be one of T0..T6"));
        BatteryParams b = new BatteryParams(c.capacityKwh(), c.maxChargeKw(), c.maxDischargeKw(), c.socMinPercent(),
                c.socMaxPercent(), c.roundTripEfficiency(), c.maxCyclesPerDay(), c.solarOnlyCharging(), c.degradationCostPerKwh());
        return new DispatchSettings(template, fallback, c.forecastMinHistoryHours(), c.forecastSmoothing(), b, c.safeKw(),
                c.intervalMinutes(), c.horizonIntervals(), c.touPricesPerKwh(),
                c.exportPriceFactor(), c.demandChargePerKw(), c.replanSocDeviationPercent(),
                ZoneOffset.ofHours(c.utcOffsetHours()), c.firmTargetKw(), c.targetStartHour(), c.targetEndHour());
    }

    /**
     * Settings from a configuration file's properties ({@code key = value}, arrays comma-separated), the rest at their
     * metatype defaults: for the benchmark and tests, which run the production configuration outside the framework.
     */
    public static DispatchSettings fromProperties(Map<String, String> props) {
        DispatchConfig c = (DispatchConfig) Proxy.newProxyInstance(DispatchConfig.class.getClassLoader(),
                new Class<?>[] {DispatchConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return DispatchConfig.class;
                    }
                    if (method.getDefaultValue() == null) {
                        return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : method.getName().equals("equals") ? proxy == args[0] : "DispatchConfig" + props;
                    }
                    String v = props.get(method.getName());
                    if (v == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> t = method.getReturnType();
                    v = v.trim();
                    if (t == double[].class) {
                        return Arrays.stream(v.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
                    }
                    return t == double.class ? Double.parseDouble(v) : t == int.class ? Integer.parseInt(v)
                            : t == boolean.class ? Boolean.parseBoolean(v) : v;
                });
        return of(c);
    }

    public double intervalHours() {
        return intervalMinutes / 60.0;
    }

    /** Start of the interval containing {@code t}. */
    public Instant intervalStart(Instant t) {
        long ms = intervalMinutes * 60_000L;
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    /** The published import price at {@code t}. */
    public double importPrice(Instant t) {
        return touPrices[t.atZone(zone).getHour()];
    }

    /** Local epoch day of {@code t}. */
    public long day(Instant t) {
        return t.atZone(zone).toLocalDate().toEpochDay();
    }
}
