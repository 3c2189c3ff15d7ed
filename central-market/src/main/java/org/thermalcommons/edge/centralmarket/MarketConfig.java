package org.thermalcommons.edge.centralmarket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.thermalcommons.edge.market.protocol.Envelope;

/**
 * The market's configuration (a properties file, see central-market/config/demo.properties). Every value is checked
 * here: a bad file stops the market at start with the key and the rule.
 *
 * @param zone          the market zone id (the envelope {@code site} of the market's broadcasts)
 * @param brokerUrl     an external broker ({@code tcp://host:port}); empty: the embedded HiveMQ CE
 * @param brokerPort    the embedded broker's port on 127.0.0.1
 * @param sites         the zone's sites, with their map coordinates
 * @param clockWallStart the wall-clock instant at which the market's clock reads {@code clockStart} (null: when the
 *                       market starts); a market (re)started later joins at clockStart + speed × the time since then
 */
public record MarketConfig(String zone, Duration interval, Duration gateClosure, Duration signalValidity,
                           String brokerUrl, int brokerPort, String username, String password, int httpPort,
                           Path dataDir, Instant clockStart, double clockSpeed, Instant clockWallStart,
                           ZoneOffset localOffset, long seed,
                           double demandKw, double absorbKw, double basePricePerKwh, Map<String, SiteInfo> sites) {
    /** A site of the zone and where it is drawn on the district map (WGS-84 degrees). */
    public record SiteInfo(String id, String name, double lat, double lon) {
    }

    /** Files larger than this are refused. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    public static MarketConfig load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return from(p, file.toAbsolutePath().getParent());
    }

    public static MarketConfig from(Properties p, Path base) {
        Reader r = new Reader(p);
        String zone = r.id("zone", "zone-1");
        Duration interval = Duration.ofMinutes(r.integer("intervalMinutes", 15, 1, 1440));
        Duration gate = Duration.ofSeconds(r.integer("gateClosureSeconds", 300, 0, 86_400));
        if (gate.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("gateClosureSeconds must be shorter than the interval");
        }
        Map<String, SiteInfo> sites = new LinkedHashMap<>();
        for (String id : r.list("sites")) {
            if (!Envelope.SITE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("sites: '" + id + "' must match " + Envelope.SITE_ID.pattern());
            }
            sites.put(id, new SiteInfo(id, p.getProperty("site." + id + ".name", id),
                    r.number("site." + id + ".lat", 1.3521, -90, 90), r.number("site." + id + ".lon", 103.8198, -180,
                    180)));
        }

        Path data = Path.of(p.getProperty("dataDir", "data/central-market").trim());
        return new MarketConfig(zone, interval, gate,
                Duration.ofMinutes(r.integer("signalValidityMinutes", 60, 1, 10_080)),
                p.getProperty("broker.url", "").trim(), r.integer("broker.port", 1883, 1, 65535),
                p.getProperty("broker.username", "").trim(), p.getProperty("broker.password", ""),
                r.integer("http.port", 8090, 0, 65535), data.isAbsolute() ? data : base.resolve(data),
                r.instant("clock.start"), r.number("clock.speed", 1, 0.1, 1000), r.instant("clock.wallStart"),
                ZoneOffset.ofHours(r.integer("localUtcOffsetHours", 0, -12, 14)), r.integer("seed", 42, 0,
                Integer.MAX_VALUE), r.number("aggregator.demandKw", 100, 0, 1e6),
                r.number("aggregator.absorbKw", 50, 0, 1e6), r.number("aggregator.basePricePerKwh", 0.12, 0, 100),
                sites);
    }

    private record Reader(Properties p) {
        String id(String key, String dflt) {
            String v = p.getProperty(key, dflt).trim();
            if (!Envelope.SITE_ID.matcher(v).matches()) {
                throw new IllegalArgumentException(key + ": '" + v + "' must match " + Envelope.SITE_ID.pattern());
            }
            return v;
        }

        /** An ISO-8601 instant, or null when absent or empty. */
        Instant instant(String key) {
            String v = p.getProperty(key, "").trim();
            try {
                return v.isEmpty() ? null : Instant.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(key + ": '" + v + "' is not an ISO-8601 instant such as"
                        + " 2026-03-02T02:00:00Z");
            }
        }

        int integer(String key, int dflt, int min, int max) {
            return (int) number(key, dflt, min, max);
        }

        double number(String key, double dflt, double min, double max) {
            String v = p.getProperty(key);
            double d;
            try {
                d = v == null ? dflt : Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + v + "' is not a number");
            }
            if (!(d >= min && d <= max)) {
                throw new IllegalArgumentException(key + ": " + d + " must be in " + min + ".." + max);
            }
            return d;
        }

        List<String> list(String key) {
            List<String> out = new ArrayList<>();
            for (String s : p.getProperty(key, "").split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
    }
}
