package org.thermalcommons.edge.api.point;

/** Quality of a point value. */
public enum Quality {
    /** Read recently from a device that answered. */
    GOOD,
    /** The source has not refreshed the value within the point's staleness limit. */
    STALE,
    /** The device is unreachable or reported a fault; the value must not be used for control. */
    FAULT;
}
