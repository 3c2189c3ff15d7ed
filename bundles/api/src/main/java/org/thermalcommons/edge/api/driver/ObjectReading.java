package org.thermalcommons.edge.api.driver;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of reading one object's state ({@link DeviceDirectory#readObject}).
 *
 * @param outcome what happened
 * @param detail  a sentence for the installer (which device, which rule, what the device said)
 * @param state   the state read ({@link Outcome#READ} only)
 */
public record ObjectReading(Outcome outcome, String detail, Optional<ObjectState> state) {
    /** What happened to a read. */
    public enum Outcome {
        /** The device answered; {@code state} holds what it said. */
        READ,
        /** No such device in the directory (not discovered). */
        UNKNOWN_DEVICE,
        /** The device answered that it has no such object (or the type is not a point type). */
        UNKNOWN_OBJECT,
        /** The device did not answer within the driver's deadline. */
        NO_ANSWER,
        /** This directory cannot read object states. */
        UNSUPPORTED
    }

    public ObjectReading {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        state = state == null ? Optional.empty() : state;
        if ((outcome == Outcome.READ) != state.isPresent()) {
            throw new IllegalArgumentException("a state comes with READ and only with READ");
        }
    }

    public static ObjectReading read(ObjectState s) {
        return new ObjectReading(Outcome.READ, "read", Optional.of(s));
    }

    public static ObjectReading failed(Outcome outcome, String detail) {
        return new ObjectReading(outcome, detail, Optional.empty());
    }
}
