package org.thermalcommons.edge.store;

import org.thermalcommons.edge.api.point.Quality;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.store.SignalKind;

/** What the writer knows of one point: its key, kind and storage rule, and the last measurement seen and stored. */
final class PointState {
    final long key;
    SignalKind kind;
    Unit unit;
    StoragePolicy.Rule rule;
    long seenTs = Long.MIN_VALUE;
    Quality seenQuality;
    boolean hasStored;
    double storedValue;
    long storedTs;
    Quality storedQuality;
    Unit storedUnit;

    PointState(long key, SignalKind kind, Unit unit, StoragePolicy.Rule rule) {
        this.key = key;
        this.kind = kind;
        this.unit = unit;
        this.rule = rule;
    }

    PointState copy() {
        PointState c = new PointState(key, kind, unit, rule);
        c.seenTs = seenTs;
        c.seenQuality = seenQuality;
        c.hasStored = hasStored;
        c.storedValue = storedValue;
        c.storedTs = storedTs;
        c.storedQuality = storedQuality;
        c.storedUnit = storedUnit;
        return c;
    }
}
