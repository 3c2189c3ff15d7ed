package org.thermalcommons.edge.sim.vendor;

import java.time.Duration;

/**
 * How the simulated vendor API behaves: its token, its quota and its faults. Validated here so an invalid
 * configuration never replaces a working one. All durations are wall time (the API is a network device; only the
 * heat pump's physics runs on simulated time).
 *
 * @param token              bearer token a client must send ({@code Authorization: Bearer <token>})
 * @param quotaRequests      requests answered per quota window; more get 429 with {@code Retry-After} (0: no quota)
 * @param quotaWindow        the sliding window the quota counts in (a minute by default)
 * @param errorRate          share of authorised requests answered 500 at random (seeded), 0..1
 * @param slowAnswerRate     share of answers delayed by {@code slowAnswer}, 0..1
 * @param slowAnswer         the extra delay of a slow answer
 * @param answerDelay        the delay of every answer
 * @param applyDelay         how long after an accepted {@code PUT /api/v1/mode} the device runs in the new mode
 * @param maxBodyBytes       largest request body read; a longer one is answered 413 without being read
 * @param seed               seed of the fault draws
 */
record VendorSettings(String token, int quotaRequests, Duration quotaWindow, double errorRate, double slowAnswerRate,
                      Duration slowAnswer, Duration answerDelay, Duration applyDelay, int maxBodyBytes, long seed) {
    private static final Duration MAX_DELAY = Duration.ofMinutes(2);

    VendorSettings {
        if (token == null || !token.matches("[A-Za-z0-9._~+/-]{16,256}")) {
            throw new IllegalArgumentException("token must be 16-256 characters of [A-Za-z0-9._~+/-] (a bearer token)");
        }
        if (quotaRequests < 0 || quotaRequests > 100_000) {
            throw new IllegalArgumentException("quotaRequests must be 0..100000, was " + quotaRequests);
        }
        if (quotaWindow.compareTo(Duration.ofSeconds(1)) < 0 || quotaWindow.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("quotaWindowSeconds must be 1..86400, was " + quotaWindow.toSeconds());
        }
        rate("errorRate", errorRate);
        rate("slowAnswerRate", slowAnswerRate);
        delay("slowAnswerMs", slowAnswer);
        delay("answerDelayMs", answerDelay);
        delay("applyDelayMs", applyDelay);
        if (maxBodyBytes < 64 || maxBodyBytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be 64..1048576, was " + maxBodyBytes);
        }
    }

    private static void rate(String name, double r) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(name + " must be 0..1, was " + r);
        }
    }

    private static void delay(String name, Duration d) {
        if (d.isNegative() || d.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(name + " must be 0.." + MAX_DELAY.toMillis() + ", was " + d.toMillis());
        }
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "VendorSettings[quota " + quotaRequests + " per " + quotaWindow.toSeconds() + " s, errorRate " + errorRate
                + ", slowAnswerRate " + slowAnswerRate + " (" + slowAnswer.toMillis() + " ms), answerDelay "
                + answerDelay.toMillis() + " ms, applyDelay " + applyDelay.toMillis() + " ms, maxBodyBytes " + maxBodyBytes
                + ", seed " + seed + "]";
    }
}
