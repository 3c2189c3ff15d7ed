package org.thermalcommons.edge.console.override;

import java.time.Instant;
import org.thermalcommons.edge.api.point.PointId;

/**
 * A manual override set in the console.
 *
 * @param point the point held
 * @param value the value, in the point's unit, within its limits
 * @param until when it ends (wall clock)
 * @param by    the user who set it
 * @param set   when it was set (wall clock)
 */
public record ManualOverride(PointId point, double value, Instant until, String by, Instant set) {
}
