package org.thermalcommons.edge.agent.rbc;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.market.GridStress;

/** The agent's validated configuration (immutable). Every rule broken is named by its key. */
record AgentSettings(Band occupied, Band unoccupied, Map<String, Band> zoneBands, WeeklySchedule occupiedSchedule,
                     ZoneOffset zone, double stepCelsius, Duration interval, double minSetpoint, double maxSetpoint,
                     double[] relaxByLevel, int[] sharePercentByLevel, double shedMargin, Duration maxOutside,
                     double tolerance, double restoreStep, Duration restoreStagger, WeeklySchedule precool,
                     Duration precoolLead, double precoolDepth, Duration report, double shedFraction,
                     double comfortPricePerKwhPerK2, Duration offerHorizon, List<String> oemDevices) {
    private static final Pattern ZONE_BAND = Pattern.compile("([A-Za-z0-9_.-]{1,64})\\s*=\\s*([0-9.]+)\\s*\\.\\.\\s*([0-9.]+)");

    /** A comfort band: the zone's temperature should stay in {@code [low, high]} (seed 003: min_temp ≤ T ≤ max_temp). */
    record Band(double low, double high) {
        Band {
            if (!(low < high)) {
                throw new IllegalArgumentException("band low (" + low + ") must be below high (" + high + ")");
            }
        }

        /** The middle of the band: the setpoint the agent holds when nothing else applies (seed 003's target_temp). */
        double target() {
            return (low + high) / 2;
        }

        Band relaxedBy(double celsius) {
            return new Band(low, high + celsius);
        }

        /** Degrees outside the band, 0 inside. */
        double outside(double t) {
            return t > high ? t - high : t < low ? low - t : 0;
        }
    }

    AgentSettings {
        if (!(minSetpoint < maxSetpoint)) {
            throw new IllegalArgumentException("minSetpointCelsius (" + minSetpoint + ") must be below maxSetpointCelsius ("
                    + maxSetpoint + ")");
        }
        relaxByLevel = relaxByLevel.clone();
        sharePercentByLevel = sharePercentByLevel.clone();
        for (int i = 1; i < relaxByLevel.length; i++) {
            if (relaxByLevel[i] < relaxByLevel[i - 1]) {
                throw new IllegalArgumentException("relaxation must not shrink as stress rises (relax"
                        + name(GridStress.values()[i]) + "Celsius < relax" + name(GridStress.values()[i - 1]) + "Celsius)");
            }
        }
        zoneBands = Map.copyOf(zoneBands);
        oemDevices = List.copyOf(oemDevices);
    }

    static AgentSettings of(AgentConfig c) {
        Band occupied = band("occupiedLowCelsius/occupiedHighCelsius", c.occupiedLowCelsius(), c.occupiedHighCelsius());
        Band unoccupied = band("unoccupiedLowCelsius/unoccupiedHighCelsius", c.unoccupiedLowCelsius(), c.unoccupiedHighCelsius());
        Map<String, Band> zones = new HashMap<>();
        String[] entries = c.zoneBands() == null ? new String[0] : c.zoneBands();
        if (entries.length > 256) {
            throw new IllegalArgumentException("zoneBands: at most 256 entries");
        }
        for (String e : entries) {
            Matcher m = ZONE_BAND.matcher(e.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("zoneBands: '" + e + "' must look like zone-2=22.5..24.5");
            }
            zones.put(m.group(1), band("zoneBands " + m.group(1), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))));
        }
        ZoneOffset zone;
        try {
            zone = ZoneOffset.of(c.timeZone().trim());
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("timeZone: '" + c.timeZone() + "' must be an offset such as +08:00");
        }
        if (c.intervalSeconds() < 1) {
            throw new IllegalArgumentException("intervalSeconds must be >= 1, was " + c.intervalSeconds());
        }
        if (!(c.stepCelsius() > 0) || !(c.restoreStepCelsius() > 0)) {
            throw new IllegalArgumentException("stepCelsius and restoreStepCelsius must be > 0");
        }
        if (c.maxOutsideBandMinutes() < 1 || c.reportMinutes() < 1 || c.reportMinutes() > 60) {
            throw new IllegalArgumentException("maxOutsideBandMinutes must be >= 1 and reportMinutes 1..60");
        }
        for (int p : new int[] {c.shedShareElevatedPercent(), c.shedShareHighPercent(), c.shedShareCriticalPercent(),
                c.shedFractionPercent()}) {
            if (p < 0 || p > 100) {
                throw new IllegalArgumentException("shedShare*Percent and shedFractionPercent must be 0..100, was " + p);
            }
        }
        for (double d : new double[] {c.relaxElevatedCelsius(), c.relaxHighCelsius(), c.relaxCriticalCelsius(),
                c.shedMarginCelsius(), c.toleranceCelsius(), c.precoolCelsius(), c.comfortPricePerKwhPerK2()}) {
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("relax*Celsius, shedMarginCelsius, toleranceCelsius, precoolCelsius and"
                        + " comfortPricePerKwhPerK2 must be finite and >= 0, was " + d);
            }
        }
        String[] oem = c.oemDevices() == null ? new String[0] : c.oemDevices();
        String[] pre = c.precoolWindows() == null ? new String[0] : c.precoolWindows();
        return new AgentSettings(occupied, unoccupied, zones,
                WeeklySchedule.parse("occupiedSchedule", List.of(c.occupiedSchedule() == null ? "" : c.occupiedSchedule())),
                zone, c.stepCelsius(), Duration.ofSeconds(c.intervalSeconds()), c.minSetpointCelsius(),
                c.maxSetpointCelsius(), new double[] {0, c.relaxElevatedCelsius(), c.relaxHighCelsius(), c.relaxCriticalCelsius()},
                new int[] {0, c.shedShareElevatedPercent(), c.shedShareHighPercent(), c.shedShareCriticalPercent()},
                c.shedMarginCelsius(), Duration.ofMinutes(c.maxOutsideBandMinutes()), c.toleranceCelsius(),
                c.restoreStepCelsius(), Duration.ofMinutes(c.restoreStaggerMinutes()), WeeklySchedule.parse("precoolWindows",
                        List.of(pre)), Duration.ofMinutes(c.precoolMinutes()), c.precoolCelsius(),
                Duration.ofMinutes(c.reportMinutes()), c.shedFractionPercent() / 100.0, c.comfortPricePerKwhPerK2(),
                Duration.ofMinutes(c.offerHorizonMinutes()), List.of(oem).stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    private static Band band(String keys, double low, double high) {
        if (!(low < high)) {
            throw new IllegalArgumentException(keys + ": low (" + low + ") must be below high (" + high + ")");
        }
        return new Band(low, high);
    }

    private static String name(GridStress s) {
        String w = s.wireName();
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /** The occupied band of a zone (its own, else the default). */
    Band occupiedBand(String device) {
        return zoneBands.getOrDefault(device, occupied);
    }

    double relax(GridStress level) {
        return relaxByLevel[level.ordinal()];
    }

    int sharePercent(GridStress level) {
        return sharePercentByLevel[level.ordinal()];
    }
}
