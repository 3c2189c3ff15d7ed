package org.thermalcommons.edge.agent.rbc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the comfort agent ({@code etc/org.thermalcommons.edge.agent.rbc.ComfortAgent.cfg}). */
@ObjectClassDefinition(name = "COOL Edge comfort agent (rule-based)",
        description = "Keeps every zone in its comfort band; sheds cooling under grid stress, rotated between zones")
@interface AgentConfig {
    @AttributeDefinition(name = "Occupied band low (°C)", min = "16", max = "30") double occupiedLowCelsius() default 23.0;

    @AttributeDefinition(name = "Occupied band high (°C)", min = "16", max = "32") double occupiedHighCelsius() default 25.0;

    @AttributeDefinition(name = "Unoccupied band low (°C)", min = "16", max = "30") double unoccupiedLowCelsius() default 22.0;

    @AttributeDefinition(name = "Unoccupied band high (°C)", min = "16", max = "32") double unoccupiedHighCelsius() default 28.0;

    @AttributeDefinition(name = "Per-zone occupied bands", required = false,
            description = "device=low..high, e.g. zone-2=22.5..24.5 (the device of the zone's temperature sensor)")
    String[] zoneBands() default {};

    @AttributeDefinition(name = "Occupied schedule (local time)",
            description = "Used where a zone has no good occupancy reading, e.g. MON-FRI 08:00-19:00")
    String occupiedSchedule() default "MON-FRI 08:00-19:00";

    @AttributeDefinition(name = "Local time zone offset", description = "e.g. +08:00") String timeZone() default "+08:00";

    @AttributeDefinition(name = "Comfort correction per interval (°C)", min = "0.01", max = "4",
            description = "How fast the setpoint is corrected while a zone is outside its band")
    double stepCelsius() default 0.5;

    @AttributeDefinition(name = "Interval (s of gateway-clock time)", min = "1", max = "3600") int intervalSeconds() default 60;

    @AttributeDefinition(name = "Lowest setpoint (°C)", min = "16", max = "30") double minSetpointCelsius() default 20.0;

    @AttributeDefinition(name = "Highest setpoint (°C)", min = "18", max = "32") double maxSetpointCelsius() default 28.0;

    @AttributeDefinition(name = "Relaxation at elevated stress (°C)", min = "0", max = "4") double relaxElevatedCelsius() default 0.5;

    @AttributeDefinition(name = "Relaxation at high stress (°C)", min = "0", max = "4") double relaxHighCelsius() default 1.0;

    @AttributeDefinition(name = "Relaxation at critical stress (°C)", min = "0", max = "4") double relaxCriticalCelsius() default 1.5;

    @AttributeDefinition(name = "Zones shedding at elevated stress (%)", min = "0", max = "100") int shedShareElevatedPercent() default 25;

    @AttributeDefinition(name = "Zones shedding at high stress (%)", min = "0", max = "100") int shedShareHighPercent() default 75;

    @AttributeDefinition(name = "Zones shedding at critical stress (%)", min = "0", max = "100") int shedShareCriticalPercent() default 100;

    @AttributeDefinition(name = "Shed setpoint margin below the relaxed band's top (°C)", min = "0", max = "2")
    double shedMarginCelsius() default 0.25;

    @AttributeDefinition(name = "Longest time outside the band per shed turn (min)", min = "1", max = "1440",
            description = "A shedding zone hands over to another one after this long outside its band")
    int maxOutsideBandMinutes() default 30;

    @AttributeDefinition(name = "Comfort tolerance (°C)", min = "0", max = "3",
            description = "How far beyond the band in force a zone may go before the agent counts a violation")
    double toleranceCelsius() default 0.5;

    @AttributeDefinition(name = "Restore ramp per interval (°C)", min = "0.01", max = "4") double restoreStepCelsius() default 0.25;

    @AttributeDefinition(name = "Restore stagger (min)", min = "0", max = "240",
            description = "A zone starts lowering its setpoint at most this often after another one did")
    int restoreStaggerMinutes() default 5;

    @AttributeDefinition(name = "Expected stress windows (local time)", required = false,
            description = "Pre-cooling schedule, e.g. MON-FRI 17:00-19:00 (the market's signal carries no stress forecast)")
    String[] precoolWindows() default {};

    @AttributeDefinition(name = "Pre-cool lead time (min)", min = "0", max = "480") int precoolMinutes() default 60;

    @AttributeDefinition(name = "Pre-cool depth (°C below the band's middle)", min = "0", max = "4") double precoolCelsius() default 1.0;

    @AttributeDefinition(name = "Report interval (min)", min = "1", max = "60",
            description = "Comfort (degree-minutes outside band) and power are logged and published once per interval")
    int reportMinutes() default 15;

    @AttributeDefinition(name = "Share of a zone's cooling power a shed removes (%)", min = "1", max = "100")
    int shedFractionPercent() default 70;

    @AttributeDefinition(name = "Comfort cost weight (per kWh per K²)", min = "0", max = "100",
            description = "Offer price of shedding a zone: weight × (degrees above its target once shed)², seed 003")
    double comfortPricePerKwhPerK2() default 0.10;

    @AttributeDefinition(name = "Offer horizon (min)", min = "0", max = "1440") int offerHorizonMinutes() default 60;

    @AttributeDefinition(name = "Heat pumps told eco under high stress", required = false,
            description = "OEM device ids; empty = every device the OEM command service lists")
    String[] oemDevices() default {};
}
