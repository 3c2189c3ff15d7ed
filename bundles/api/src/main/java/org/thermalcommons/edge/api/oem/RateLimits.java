package org.thermalcommons.edge.api.oem;

/**
 * How many vendor operations an adapter may start per minute, hour and day (vendor cloud quotas, relay wear).
 * Zero means no limit in that window.
 */
public record RateLimits(int perMinute, int perHour, int perDay) {
    public RateLimits {
        if (perMinute < 0 || perHour < 0 || perDay < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
    }

    public static RateLimits unlimited() {
        return new RateLimits(0, 0, 0);
    }
}
