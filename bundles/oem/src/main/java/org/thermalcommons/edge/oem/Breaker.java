package org.thermalcommons.edge.oem;

import java.time.Duration;

/**
 * Circuit breaker of one device: CLOSED lets every send through; after {@code threshold} failed calls in a row it is
 * OPEN (nothing is sent) for {@code coolDown}; then HALF_OPEN lets one probe through: success closes it, failure opens
 * it again. Not thread-safe: only the device's worker touches it.
 */
final class Breaker {
    enum State {
        CLOSED, HALF_OPEN, OPEN
    }

    /** Told once per change of state. */
    interface Listener {
        void changed(State from, State to, String why);
    }

    private final int threshold;
    private final Duration coolDown;
    private final Listener listener;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;

    Breaker(int threshold, Duration coolDown, Listener listener) {
        if (threshold < 1) {
            throw new IllegalArgumentException("breaker threshold must be at least 1");
        }
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.listener = listener;
    }

    State state() {
        return state;
    }

    /**
     * Whether a call may go out at {@code now}; an OPEN breaker past its cool-down turns HALF_OPEN and lets this one
     * probe through. Returns the wait in milliseconds, 0 when the call may go.
     */
    long waitMillis(long now) {
        if (state == State.OPEN) {
            long until = openedAt + coolDown.toMillis();
            if (now < until) {
                return until - now;
            }
            move(State.HALF_OPEN, "cool-down of " + coolDown.toSeconds() + " s over, one probe goes out");
        }
        return 0;
    }

    void success() {
        failures = 0;
        if (state != State.CLOSED) {
            move(State.CLOSED, "the device answered");
        }
    }

    void failure(long now, String why) {
        failures++;
        if (state == State.HALF_OPEN || state == State.CLOSED && failures >= threshold) {
            openedAt = now;
            move(State.OPEN, (state == State.HALF_OPEN ? "the probe failed: " : failures + " failures in a row, last: ")
                    + why);
        }
    }

    private void move(State to, String why) {
        State from = state;
        state = to;
        listener.changed(from, to, why);
    }
}
