package org.thermalcommons.edge.api.health;

import java.util.Objects;

/**
 * One component's health.
 *
 * @param status how it is
 * @param detail what is wrong, in a sentence (empty when up)
 */
public record Health(Status status, String detail) {
    public enum Status {
        /** Working. */
        UP,
        /** Working with reduced function (a device offline, the market link down and running autonomous). */
        DEGRADED,
        /** Not working (cycle stopped, storage failed). */
        DOWN
    }

    public Health {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static Health up() {
        return new Health(Status.UP, "");
    }

    public static Health degraded(String detail) {
        return new Health(Status.DEGRADED, detail);
    }

    public static Health down(String detail) {
        return new Health(Status.DOWN, detail);
    }
}
