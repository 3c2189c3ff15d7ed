package org.thermalcommons.edge.input;

/**
 * Every kind of external input and its size limit, in one place (listed with the other limits in docs/limits.md).
 * Sizes are checked before anything is read into memory.
 */
public enum InputKind {
    /** A site configuration file {@code etc/*.cfg}: a few dozen {@code key = value} lines. */
    CONFIG_FILE("configuration file", 64 * 1024),
    /** The launcher's {@code gateway.properties}. */
    GATEWAY_PROPERTIES("gateway.properties", 64 * 1024),
    /** A device profile {@code profiles/*.json}: the largest shipped one is under 10 KiB, 1,000 points fit in 1 MiB. */
    PROFILE("device profile", 1024 * 1024),
    /** One MQTT message from the market link. */
    MQTT_PAYLOAD("MQTT payload", 256 * 1024),
    /** One HTTP request body to the console. */
    HTTP_BODY("HTTP request body", 1024 * 1024),
    /** The distribution's {@code system/features.xml} (launcher and feature service): the shipped one is ~10 KiB. */
    FEATURES_FILE("features file", 1024 * 1024);

    private final String description;
    private final long maxBytes;

    InputKind(String description, long maxBytes) {
        this.description = description;
        this.maxBytes = maxBytes;
    }

    /** What it is, for messages. */
    public String description() {
        return description;
    }

    /** The largest accepted size in bytes. */
    public long maxBytes() {
        return maxBytes;
    }
}
