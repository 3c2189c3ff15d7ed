package org.thermalcommons.edge.api.point;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identity of a point: the device (equipment) it belongs to and its name on that device.
 * Written as {@code device/name}; both parts are 1–64 characters of letters, digits, '_', '-' or '.'.
 */
public record PointId(String device, String name) implements Comparable<PointId> {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public PointId {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(name, "name");
        if (!PART.matcher(device).matches()) {
            throw new IllegalArgumentException("point device '" + device + "' must be 1-64 characters of [A-Za-z0-9_.-]");
        }
        if (!PART.matcher(name).matches()) {
            throw new IllegalArgumentException("point name '" + name + "' must be 1-64 characters of [A-Za-z0-9_.-]");
        }
    }

    /** Parses {@code device/name}. */
    public static PointId parse(String text) {
        Objects.requireNonNull(text, "point id");
        int slash = text.indexOf('/');
        if (slash <= 0 || slash != text.lastIndexOf('/') || slash == text.length() - 1) {
            throw new IllegalArgumentException("point id '" + text + "' must have the form device/name");
        }
        return new PointId(text.substring(0, slash), text.substring(slash + 1));
    }

    public static PointId of(String device, String name) {
        return new PointId(device, name);
    }

    @Override
    public int compareTo(PointId o) {
        int c = device.compareTo(o.device);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return device + "/" + name;
    }
}
