package org.thermalcommons.edge.thermostat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.market.GridStress;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;

/**
 * Keeps each zone's air temperature in a comfort band by nudging the zone's cooling setpoint: down when the zone is
 * too warm, up when it is cooler than needed (saving energy). The setpoint moves at most {@code stepCelsius} per
 * {@code intervalSeconds} of gateway-clock time, in proportion to the time since the last cycle, so the behaviour is
 * the same at any cycle period and at any clock speed (a simulated building at 60x, a real one at 1x). Under high or
 * critical grid stress the band moves up by {@code gridStressRelaxCelsius}. Zones are found by role: every
 * Zone_Air_Temperature_Sensor with a writable Zone_Air_Cooling_Temperature_Setpoint on the same device. Values that
 * are not good are left alone, and so is a zone in its band that the thermostat has not commanded yet.
 */
@Component(service = Controller.class, configurationPid = Thermostat.PID)
@Designate(ocd = Thermostat.Config.class)
public class Thermostat implements Controller {
    static final String PID = "org.thermalcommons.edge.thermostat.Thermostat";
    private static final Logger LOG = LoggerFactory.getLogger(Thermostat.class);

    @ObjectClassDefinition(name = "COOL Edge comfort thermostat",
            description = "Keeps every zone's temperature in a band by nudging its cooling setpoint")
    @interface Config {
        @AttributeDefinition(name = "Band low (°C)", min = "16", max = "30") double lowCelsius() default 23.0;

        @AttributeDefinition(name = "Band high (°C)", min = "16", max = "32") double highCelsius() default 25.0;

        @AttributeDefinition(name = "Setpoint change per interval (°C)", min = "0.01", max = "2") double stepCelsius() default 0.5;

        @AttributeDefinition(name = "Interval (s of gateway-clock time)", min = "1", max = "3600") int intervalSeconds() default 60;

        @AttributeDefinition(name = "Lowest setpoint (°C)", min = "16", max = "30") double minSetpointCelsius() default 20.0;

        @AttributeDefinition(name = "Highest setpoint (°C)", min = "18", max = "32") double maxSetpointCelsius() default 27.0;

        @AttributeDefinition(name = "Band shift under high/critical grid stress (°C)", min = "0", max = "4")
        double gridStressRelaxCelsius() default 1.0;
    }

    /** Validated settings. */
    record Settings(double low, double high, double step, Duration interval, double minSetpoint, double maxSetpoint,
                    double relax) {
        static final Settings DEFAULTS = new Settings(23, 25, 0.5, Duration.ofSeconds(60), 20, 27, 1);

        Settings {
            if (!(low < high)) {
                throw new IllegalArgumentException("lowCelsius (" + low + ") must be below highCelsius (" + high + ")");
            }
            if (!(minSetpoint < maxSetpoint)) {
                throw new IllegalArgumentException("minSetpointCelsius (" + minSetpoint + ") must be below maxSetpointCelsius ("
                        + maxSetpoint + ")");
            }
            if (!(step > 0)) {
                throw new IllegalArgumentException("stepCelsius must be > 0, was " + step);
            }
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("intervalSeconds must be > 0, was " + interval.toSeconds());
            }
            if (!(relax >= 0)) {
                throw new IllegalArgumentException("gridStressRelaxCelsius must be >= 0, was " + relax);
            }
        }

        static Settings of(Config c) {
            return new Settings(c.lowCelsius(), c.highCelsius(), c.stepCelsius(), Duration.ofSeconds(c.intervalSeconds()),
                    c.minSetpointCelsius(), c.maxSetpointCelsius(), c.gridStressRelaxCelsius());
        }
    }

    private volatile Settings settings = Settings.DEFAULTS;
    private final AtomicLong rejectedConfigurations = new AtomicLong();
    /** Only touched by the cycle thread. */
    private final Map<PointId, Double> commanded = new HashMap<>();
    private Instant lastRun;

    @Activate
    void activate(Config c) {
        settings = Settings.of(c);
        LOG.info("Thermostat: band {}..{} °C, setpoint {}..{} °C moving {} °C per {} s, +{} °C under high grid stress",
                settings.low(), settings.high(), settings.minSetpoint(), settings.maxSetpoint(), settings.step(),
                settings.interval().toSeconds(), settings.relax());
    }

    /** A configuration change that breaks a rule is rejected and counted; the previous settings stay in force. */
    @Modified
    void modified(Config c) {
        try {
            settings = Settings.of(c);
            LOG.info("Thermostat reconfigured: band {}..{} °C", settings.low(), settings.high());
        } catch (IllegalArgumentException e) {
            rejectedConfigurations.incrementAndGet();
            LOG.error("Thermostat configuration rejected: {}; the previous configuration stays in force", e.getMessage());
        }
    }

    long rejectedConfigurations() {
        return rejectedConfigurations.get();
    }

    @Override
    public String id() {
        return "thermostat";
    }

    @Override
    public WritePriority priority() {
        return WritePriority.COMFORT;
    }

    @Override
    public void run(CycleContext ctx) {
        Settings s = settings;
        Instant now = ctx.now();
        // The first cycle may move a full step; afterwards the move is proportional to the clock time elapsed.
        double fraction = lastRun == null ? 1.0
                : Math.max(0, Math.min(1.0, Duration.between(lastRun, now).toNanos() / (double) s.interval().toNanos()));
        lastRun = now;
        double maxMove = s.step() * fraction;
        PointSnapshot snap = ctx.snapshot();
        double shift = stressed(snap) ? s.relax() : 0;
        Set<PointId> seen = new HashSet<>();
        for (PointDefinition sensor : snap.withRole(Role.ZONE_AIR_TEMPERATURE_SENSOR)) {
            Optional<PointDefinition> sp = snap.onDevice(sensor.id().device(), Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT);
            Optional<PointValue> temp = snap.goodValue(sensor.id());
            if (sp.isEmpty() || !sp.get().writable()) {
                continue;
            }
            PointId spId = sp.get().id();
            seen.add(spId);
            if (temp.isEmpty()) {
                continue;
            }
            Double own = commanded.get(spId);
            double current;
            if (own == null) {
                Optional<PointValue> read = snap.goodValue(spId);
                if (read.isEmpty()) {
                    continue;
                }
                current = read.get().value();
            } else {
                current = own;
            }
            double t = temp.get().value();
            double next = current;
            if (t > s.high() + shift) {
                next = current - maxMove;
            } else if (t < s.low() + shift) {
                next = current + maxMove;
            } else if (own == null) {
                // In the band and not commanded yet: leave the device's own setpoint alone rather than write its
                // reading (with its noise) back to it.
                continue;
            }
            next = Math.max(s.minSetpoint(), Math.min(s.maxSetpoint() + shift, next));
            commanded.put(spId, next);
            ctx.request(spId, next);
        }
        // Zones that went away (device removed) are forgotten; when they come back, they start from what they read.
        commanded.keySet().retainAll(seen);
    }

    private static boolean stressed(PointSnapshot snap) {
        return snap.withRole(Role.GRID_STRESS_LEVEL).stream().map(d -> snap.goodValue(d.id()))
                .flatMap(Optional::stream).map(v -> GridStress.fromLevel(v.value()).orElse(GridStress.NORMAL))
                .anyMatch(g -> g.compareTo(GridStress.HIGH) >= 0);
    }
}
