package org.thermalcommons.edge.api.flex;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A controller (battery dispatcher, comfort agent, OEM adapter) that can offer flexibility. Registered as a service.
 * Called by the market's bid builder on its own thread: must be thread-safe and return at once (answer from the state
 * the controller keeps, never from I/O).
 */
public interface FlexibilityProvider {
    /** Unique id, e.g. the controller's id. */
    String id();

    /**
     * What it could deliver during {@code [start, start + length)}, given what it knows now (state of charge, comfort
     * limits, commitments already won). Empty when it offers nothing for that interval.
     */
    Optional<FlexibilityOffer> offer(Instant start, Duration length);
}
