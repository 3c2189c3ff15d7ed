package org.thermalcommons.edge.oem.heatpump.sgready;

import java.util.Map;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.oem.HeatPumpActions;

/**
 * Generic heat-pump action → SG-Ready operating state (the BWP "SG Ready" label's two-relay states):
 * <ol>
 *   <li>blocked — the utility's lock-out: the compressor stays off (the device itself ends a lock after its maximum
 *       lock time, typically 2 h, and keeps its frost and legionella protection);</li>
 *   <li>normal — the device's own control;</li>
 *   <li>recommended on — run more and store heat (the tank's band rises);</li>
 *   <li>forced on — run until the tank's limit.</li>
 * </ol>
 * Shipped defaults: {@code boost} → 3 (use surplus without forcing the compressor), {@code normal} → 2, {@code off} →
 * 1, and {@code eco} → 1: SG-Ready has no reduced state between blocked and normal, so relieving the grid means the
 * lock-out, bounded in time by the device. A site whose heat pump must not be locked for eco configures 2.
 */
record SgReadyMapping(int boost, int normal, int eco, int off) {
    static final int BLOCKED = 1;
    static final int FORCED = 4;

    SgReadyMapping {
        for (int s : new int[] {boost, normal, eco, off}) {
            if (s < BLOCKED || s > FORCED) {
                throw new IllegalArgumentException("SG-Ready states are 1..4, got " + s);
            }
        }
    }

    static final SgReadyMapping DEFAULTS = new SgReadyMapping(3, 2, 1, 1);

    /** The state for a verb, empty for a verb this adapter does not know. */
    OptionalInt state(String verb) {
        Integer s = Map.of(HeatPumpActions.BOOST, boost, HeatPumpActions.NORMAL, normal, HeatPumpActions.ECO, eco,
                HeatPumpActions.OFF, off).get(verb);
        return s == null ? OptionalInt.empty() : OptionalInt.of(s);
    }
}
