package org.thermalcommons.edge.bess;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the battery dispatch ({@code etc/org.thermalcommons.edge.bess.Dispatch.cfg}). */
@ObjectClassDefinition(name = "COOL Edge battery dispatch")
public @interface DispatchConfig {
    @AttributeDefinition(name = "Mode", description = "lp, or a template T0..T6", options = {
        @Option(value = "lp"), @Option(value = "T0"), @Option(value = "T1"), @Option(value = "T2"), @Option(value = "T3"),
        @Option(value = "T4"), @Option(value = "T5"), @Option(value = "T6")})
    String mode() default "lp";

    @AttributeDefinition(name = "Fallback template while there is no forecast") String fallbackTemplate() default "T0";

    @AttributeDefinition(name = "History needed before the LP plans on the forecast (hours)", min = "0", max = "336")
    double forecastMinHistoryHours() default 24;

    @AttributeDefinition(name = "Forecast smoothing across days (weight of the newest day)", min = "0.01", max = "1")
    double forecastSmoothing() default 0.3;

    @AttributeDefinition(name = "Capacity (kWh)", min = "1", max = "100000") double capacityKwh() default 200;

    @AttributeDefinition(name = "Max charge (kW)", min = "0.1", max = "100000") double maxChargeKw() default 100;

    @AttributeDefinition(name = "Max discharge (kW)", min = "0.1", max = "100000") double maxDischargeKw() default 100;

    @AttributeDefinition(name = "SOC min (%)", min = "0", max = "100") double socMinPercent() default 5;

    @AttributeDefinition(name = "SOC max (%)", min = "0", max = "100") double socMaxPercent() default 95;

    @AttributeDefinition(name = "Round-trip efficiency", min = "0.5", max = "1") double roundTripEfficiency() default 0.87;

    @AttributeDefinition(name = "Max cycles per day", min = "0.1", max = "2") double maxCyclesPerDay() default 1.0;

    @AttributeDefinition(name = "Solar-only charging") boolean solarOnlyCharging() default true;

    @AttributeDefinition(name = "Degradation cost per kWh throughput", min = "0", max = "10") double degradationCostPerKwh() default 0.02;

    @AttributeDefinition(name = "Safe power (kW) while a measurement is missing or the inverter alarms", min = "-100000", max = "100000")
    double safeKw() default 0;

    @AttributeDefinition(name = "Interval (minutes)", min = "5", max = "60") int intervalMinutes() default 15;

    @AttributeDefinition(name = "Horizon (intervals)", min = "4", max = "672") int horizonIntervals() default 96;

    @AttributeDefinition(name = "Hourly import prices (24 values, per kWh, local time)", cardinality = 24)
    double[] touPricesPerKwh() default {0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.15, 0.18, 0.22, 0.22, 0.22, 0.22,
        0.22, 0.22, 0.25, 0.30, 0.35, 0.40, 0.40, 0.35, 0.25, 0.18, 0.15, 0.12};

    @AttributeDefinition(name = "Export price as a fraction of import", min = "0", max = "1") double exportPriceFactor() default 0.6;

    @AttributeDefinition(name = "Demand charge per kW of peak import", min = "0", max = "1000") double demandChargePerKw() default 0;

    @AttributeDefinition(name = "Re-plan when SOC is off the plan by (%)", min = "0.5", max = "50") double replanSocDeviationPercent() default 5;

    @AttributeDefinition(name = "Local time offset (hours from UTC)", min = "-12", max = "14") int utcOffsetHours() default 8;

    @AttributeDefinition(name = "Template: firm target (kW)", min = "0", max = "100000") double firmTargetKw() default 50;

    @AttributeDefinition(name = "Template: target from (local hour)", min = "0", max = "23") int targetStartHour() default 17;

    @AttributeDefinition(name = "Template: target until (local hour)", min = "1", max = "24") int targetEndHour() default 21;
}
