package org.thermalcommons.edge.commissioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.commissioning.DraftPoint;
import org.thermalcommons.edge.api.driver.DiscoveredObject;

/**
 * Suggests a role, profile unit, limits and write policy for a discovered BACnet object from its type, name and
 * engineering units (or a SunSpec model id for Modbus). Suggestions only: the installer confirms or changes them.
 */
final class RoleSuggester {
    private RoleSuggester() {
    }

    /** Suggestions for every object that maps to a point (the device object and unknown types are skipped). */
    static List<DraftPoint> suggest(List<DiscoveredObject> objects) {
        List<DraftPoint> out = new ArrayList<>();
        for (DiscoveredObject o : objects) {
            suggest(o).ifPresent(out::add);
        }
        return out;
    }

    static Optional<DraftPoint> suggest(DiscoveredObject o) {
        String type = o.type().toLowerCase(Locale.ROOT);
        if (!type.matches("analog-(input|value|output)|binary-(input|value|output)|multi-state-(input|value|output)")) {
            return Optional.empty();
        }
        String name = o.name().toLowerCase(Locale.ROOT);
        String units = o.units().toLowerCase(Locale.ROOT);
        String pointName = o.name().isBlank() ? type + "-" + o.instance()
                : o.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
        if (pointName.isEmpty() || pointName.length() > 64) {
            pointName = type + "-" + o.instance();
        }
        String address = type + ":" + o.instance();
        boolean commandable = type.endsWith("-value") || type.endsWith("-output");
        boolean setpoint = name.contains("setpoint") || name.matches(".*\\bsp\\b.*") || name.endsWith("-sp");
        if (units.contains("celsius")) {
            if (setpoint && commandable) {
                String role = name.contains("cool") ? "Zone_Air_Cooling_Temperature_Setpoint"
                        : name.contains("heat") ? "Zone_Air_Heating_Temperature_Setpoint" : "Zone_Air_Temperature_Setpoint";
                return Optional.of(new DraftPoint(pointName, role, "celsius", 18, 30, true, OptionalDouble.of(0.1),
                        OptionalDouble.of(0.1), OptionalInt.of(60), OptionalInt.of(12), OptionalDouble.of(24), address));
            }
            String role = name.contains("supply") ? "Supply_Air_Temperature_Sensor"
                    : name.contains("outside") || name.contains("oat") ? "Outside_Air_Temperature_Sensor"
                    : "Zone_Air_Temperature_Sensor";
            return Optional.of(readOnly(pointName, role, "celsius", -10, 60, address));
        }
        if (units.contains("relative-humidity") || name.contains("humid")) {
            return Optional.of(readOnly(pointName, "Zone_Air_Humidity_Sensor", "percent_relative_humidity", 0, 100, address));
        }
        if (units.equals("kilowatts") || units.equals("watts")) {
            String unit = units.equals("kilowatts") ? "kilowatt" : "watt";
            String role = name.contains("cool") ? "Cooling_Electric_Power_Sensor" : "Electric_Power_Sensor";
            return Optional.of(readOnly(pointName, role, unit, 0, unit.equals("kilowatt") ? 1000 : 1_000_000, address));
        }
        if (units.equals("kilowatt-hours")) {
            return Optional.of(readOnly(pointName, "Electric_Energy_Sensor", "kilowatt_hour", 0, 1e9, address));
        }
        if (type.startsWith("binary-")) {
            String role = name.contains("occ") ? "Occupancy_Sensor"
                    : name.contains("alarm") || name.contains("fault") ? "Alarm" : "Status";
            return Optional.of(readOnly(pointName, role, "boolean", 0, 1, address));
        }
        if (units.equals("percent")) {
            return Optional.of(readOnly(pointName, name.contains("damper") ? "Damper_Position_Sensor" : "Position_Sensor",
                    "percent", 0, 100, address));
        }
        return Optional.of(readOnly(pointName, "Point", "none", -1e9, 1e9, address));
    }

    /** A role for a SunSpec model id (the first model block after the common model). */
    static String sunspecRole(int model) {
        return switch (model) {
            case 1 -> "Device_Identity";
            case 101, 102, 103, 111, 112, 113 -> "Inverter_Electric_Power_Sensor";
            case 124 -> "Battery_Storage_Setpoint";
            case 201, 202, 203, 204 -> "Electric_Power_Sensor";
            case 802, 803 -> "Battery_State_Of_Charge_Sensor";
            default -> "Point";
        };
    }

    private static DraftPoint readOnly(String name, String role, String unit, double min, double max, String address) {
        return new DraftPoint(name, role, unit, min, max, false, OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(), address);
    }
}
