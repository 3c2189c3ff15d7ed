package org.thermalcommons.edge.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * Hot humid (Singapore-like, UTC+8) weather: outdoor temperature 25–33 °C on a daily cycle peaking mid-afternoon,
 * relative humidity 60–90 % moving opposite to temperature, and solar irradiance from sunrise ~07:00 to sunset ~19:00
 * local (peak ~1000 W/m² at 13:00) with passing clouds. Temperature noise is AR(1); clouds are a two-state Markov
 * process (clear spells of ~40 min, cloudy spells of ~15 min letting 30 % through) smoothed over a few minutes. All
 * randomness comes from a generator seeded once: the same seed and steps give the same weather.
 */
final class Weather {
    static final ZoneOffset LOCAL = ZoneOffset.ofHours(8);
    private final SplittableRandom random;
    private double tempNoise;
    private boolean cloudy;
    private double cloud = 1.0;

    Weather(long seed) {
        this.random = new SplittableRandom(seed ^ 0x5eedL);
    }

    /** Advances the noise processes by one step of {@code dtHours}. */
    void step(double dtHours) {
        double a = Math.exp(-dtHours / 2.0);
        tempNoise = a * tempNoise + Math.sqrt(1 - a * a) * 0.6 * random.nextGaussian();
        double flip = random.nextDouble();
        cloudy = cloudy ? flip >= dtHours / 0.25 : flip < dtHours / 0.67;
        double b = Math.exp(-dtHours / 0.08);
        cloud = Math.max(0.3, Math.min(1.0, b * cloud + (1 - b) * (cloudy ? 0.3 : 1.0)));
    }

    static double localHour(Instant t) {
        ZonedDateTime z = t.atZone(LOCAL);
        return z.getHour() + z.getMinute() / 60.0 + z.getSecond() / 3600.0;
    }

    double outdoorCelsius(Instant t) {
        double h = localHour(t);
        return 29.0 + 3.5 * Math.sin(2 * Math.PI * (h - 9.0) / 24.0) + tempNoise;
    }

    double outdoorHumidityPercent(Instant t) {
        double h = localHour(t);
        return Math.max(60, Math.min(90, 76 - 14 * Math.sin(2 * Math.PI * (h - 9.0) / 24.0) - 2 * tempNoise));
    }

    /** Global horizontal irradiance under a clear sky, W/m². */
    static double clearSkyIrradiance(Instant t) {
        double h = localHour(t);
        if (h < 7.0 || h > 19.0) {
            return 0;
        }
        return 1000.0 * Math.sin(Math.PI * (h - 7.0) / 12.0);
    }

    /** Global horizontal irradiance with the current clouds, W/m². */
    double irradiance(Instant t) {
        return clearSkyIrradiance(t) * cloud;
    }
}
