package org.thermalcommons.edge.oem.heatpump.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import org.thermalcommons.edge.api.oem.RateLimits;

/**
 * The adapter's validated configuration. Built once per configuration; an invalid one is refused with the key and
 * the rule. The token is never part of {@link #toString()}.
 *
 * @param deviceId               the device's id in the gateway ({@code OemAdapter.deviceId()})
 * @param baseUri                the vendor API's base, e.g. {@code http://127.0.0.1:8481} (http or https, no query)
 * @param token                  bearer token
 * @param rateLimits             vendor quota the oem bundle keeps to
 * @param connectTimeout         TCP connect limit
 * @param callTimeout            whole exchange limit (connect, answer and body)
 * @param verifyDelay            how long after an accepted PUT the state is read back
 * @param maxResponseBytes       longest answer body read; a longer one is cut there and not parsed
 * @param minSetpointCelsius     lowest hot water setpoint sent (below: refused before sending)
 * @param maxSetpointCelsius     highest hot water setpoint sent
 * @param setpointToleranceKelvin read-back setpoint within this distance verifies
 */
record AdapterOptions(String deviceId, URI baseUri, String token, RateLimits rateLimits, Duration connectTimeout,
                      Duration callTimeout, Duration verifyDelay, int maxResponseBytes, double minSetpointCelsius,
                      double maxSetpointCelsius, double setpointToleranceKelvin) {
    AdapterOptions {
        if (deviceId == null || !deviceId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("deviceId must be 1-64 characters of [A-Za-z0-9_.-], was '" + deviceId + "'");
        }
        Objects.requireNonNull(baseUri, "baseUri");
        if (!("http".equals(baseUri.getScheme()) || "https".equals(baseUri.getScheme())) || baseUri.getHost() == null
                || baseUri.getRawQuery() != null || baseUri.getRawFragment() != null || baseUri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must be http(s)://host[:port][/path] without user, query or fragment, was '"
                    + baseUri + "'");
        }
        if (token == null || !token.matches("[A-Za-z0-9._~+/-]{8,512}=*")) {
            // The message never quotes the token.
            throw new IllegalArgumentException("token must be 8-512 characters of a bearer token ([A-Za-z0-9._~+/-], '=' padding)");
        }
        Objects.requireNonNull(rateLimits, "rateLimits");
        positive("connectTimeoutMs", connectTimeout);
        positive("callTimeoutMs", callTimeout);
        if (verifyDelay.isNegative()) {
            throw new IllegalArgumentException("verifyDelayMs must not be negative");
        }
        if (maxResponseBytes < 256 || maxResponseBytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxResponseBytes must be 256..1048576, was " + maxResponseBytes);
        }
        if (!(minSetpointCelsius < maxSetpointCelsius)) {
            throw new IllegalArgumentException("minSetpointCelsius (" + minSetpointCelsius + ") must be below maxSetpointCelsius ("
                    + maxSetpointCelsius + ")");
        }
        if (!(setpointToleranceKelvin >= 0)) {
            throw new IllegalArgumentException("setpointToleranceKelvin must be >= 0");
        }
    }

    /** Parses the configured base URL (trailing slashes dropped). */
    static URI baseUri(String url) {
        try {
            String u = url == null ? "" : url.strip();
            while (u.endsWith("/")) {
                u = u.substring(0, u.length() - 1);
            }
            return new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl '" + url + "' is not a URL: " + e.getReason());
        }
    }

    /** The vendor endpoint {@code path} (starting with {@code /}) under the base. */
    URI resolve(String path) {
        return URI.create(baseUri + path);
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "AdapterOptions[device " + deviceId + ", " + baseUri + ", token (hidden), " + rateLimits + ", connect "
                + connectTimeout.toMillis() + " ms, call " + callTimeout.toMillis() + " ms, verify after "
                + verifyDelay.toMillis() + " ms, answers up to " + maxResponseBytes + " bytes, setpoints "
                + minSetpointCelsius + ".." + maxSetpointCelsius + " °C ±" + setpointToleranceKelvin + " K]";
    }
}
