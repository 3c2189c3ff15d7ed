package org.thermalcommons.edge.api.driver;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One BACnet object's live state, as read from the device (the commissioning browser).
 *
 * @param device            the device instance
 * @param type              object type, e.g. {@code analog-value}
 * @param instance          object instance
 * @param name              its object-name ({@code ""} when the device gives none)
 * @param units             its engineering units, e.g. {@code degrees-celsius} ({@code ""} for objects without units)
 * @param presentValue      its present value as a number (binary: 1 active, 0 inactive; multi-state: the state number);
 *                          empty when the device refused it or it is not a number
 * @param commandable       whether the object has a priority array (it is commanded by priority)
 * @param priorityArray     the 16 priority slots, slot 1 first, empty where the slot is NULL; an empty list when the
 *                          object is not commandable
 * @param relinquishDefault the value it takes when every slot is NULL (commandable objects)
 * @param outOfService      its out-of-service flag
 * @param statusFlags       the status flags that are set, of {@code in-alarm}, {@code fault}, {@code overridden},
 *                          {@code out-of-service}
 * @param refused           properties the device refused, each {@code property: reason} (bounded)
 * @param readWith          {@code read-property-multiple} or {@code read-property} (devices without RPM)
 * @param readAt            when the answer arrived
 */
public record ObjectState(int device, String type, int instance, String name, String units, OptionalDouble presentValue,
                          boolean commandable, List<OptionalDouble> priorityArray, OptionalDouble relinquishDefault,
                          boolean outOfService, List<String> statusFlags, List<String> refused, String readWith,
                          Instant readAt) {
    /** Slots of a BACnet priority array. */
    public static final int PRIORITIES = 16;

    public ObjectState {
        Objects.requireNonNull(type, "type");
        name = name == null ? "" : name;
        units = units == null ? "" : units;
        presentValue = presentValue == null ? OptionalDouble.empty() : presentValue;
        priorityArray = List.copyOf(priorityArray);
        if (!priorityArray.isEmpty() && priorityArray.size() != PRIORITIES) {
            throw new IllegalArgumentException("priorityArray must have " + PRIORITIES + " slots or none, had " + priorityArray.size());
        }
        relinquishDefault = relinquishDefault == null ? OptionalDouble.empty() : relinquishDefault;
        statusFlags = List.copyOf(statusFlags);
        refused = List.copyOf(refused);
        Objects.requireNonNull(readWith, "readWith");
        Objects.requireNonNull(readAt, "readAt");
    }
}
