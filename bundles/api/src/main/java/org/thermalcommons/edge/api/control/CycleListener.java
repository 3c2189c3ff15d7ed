package org.thermalcommons.edge.api.control;

/**
 * Told about every completed cycle (whiteboard service). Called on the cycle thread: must return at once,
 * handing any work (storage, telemetry) to its own thread.
 */
public interface CycleListener {
    void cycleCompleted(CycleReport report);
}
