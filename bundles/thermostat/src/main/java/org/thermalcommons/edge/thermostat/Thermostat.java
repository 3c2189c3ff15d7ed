package org.thermalcommons.edge.thermostat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
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
 * Keeps each zone's air temperature in a comfort band by nudging the zone's cooling setpoint one step per cycle:
 * down when the zone is too warm, up when it is cooler than needed (saving energy). Under high or critical grid stress
 * the band moves up by {@code gridStressRelaxCelsius}. Zones are found by role: every Zone_Air_Temperature_Sensor with
 * a Zone_Air_Cooling_Temperature_Setpoint on the same device. Values that are not good are left alone.
 */
@Component(service = Controller.class, configurationPid = Thermostat.PID)
@Designate(ocd = Thermostat.Config.class)
public class Thermostat implements Controller {
    static final String PID = "org.thermalcommons.edge.thermostat.Thermostat";

    @ObjectClassDefinition(name = "COOL Edge comfort thermostat")
    @interface Config {
        @AttributeDefinition(name = "Band low (°C)", min = "16", max = "30") double lowCelsius() default 23.0;

        @AttributeDefinition(name = "Band high (°C)", min = "16", max = "32") double highCelsius() default 25.0;

        @AttributeDefinition(name = "Setpoint step per cycle (°C)", min = "0.01", max = "2") double stepCelsius() default 0.25;

        @AttributeDefinition(name = "Lowest setpoint (°C)", min = "16", max = "30") double minSetpointCelsius() default 21.0;

        @AttributeDefinition(name = "Highest setpoint (°C)", min = "18", max = "32") double maxSetpointCelsius() default 27.0;

        @AttributeDefinition(name = "Band shift under high/critical grid stress (°C)", min = "0", max = "4")
        double gridStressRelaxCelsius() default 1.0;
    }

    /** Validated settings. */
    record Settings(double low, double high, double step, double minSetpoint, double maxSetpoint, double relax) {
        Settings {
            if (!(low < high)) {
                throw new IllegalArgumentException("lowCelsius (" + low + ") must be below highCelsius (" + high + ")");
            }
            if (!(minSetpoint < maxSetpoint)) {
                throw new IllegalArgumentException("minSetpointCelsius must be below maxSetpointCelsius");
            }
        }
    }

    private volatile Settings settings = new Settings(23, 25, 0.25, 21, 27, 1);
    private final Map<PointId, Double> commanded = new HashMap<>();

    @Activate
    @Modified
    void configure(Config c) {
        settings = new Settings(c.lowCelsius(), c.highCelsius(), c.stepCelsius(), c.minSetpointCelsius(),
                c.maxSetpointCelsius(), c.gridStressRelaxCelsius());
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
        PointSnapshot snap = ctx.snapshot();
        double shift = stressed(snap) ? s.relax() : 0;
        for (PointDefinition sensor : snap.withRole(Role.ZONE_AIR_TEMPERATURE_SENSOR)) {
            Optional<PointDefinition> sp = snap.onDevice(sensor.id().device(), Role.ZONE_AIR_COOLING_TEMPERATURE_SETPOINT);
            Optional<PointValue> temp = snap.goodValue(sensor.id());
            if (sp.isEmpty() || !sp.get().writable() || temp.isEmpty()) {
                continue;
            }
            PointId spId = sp.get().id();
            Double current = commanded.get(spId);
            if (current == null) {
                Optional<PointValue> read = snap.goodValue(spId);
                if (read.isEmpty()) {
                    continue;
                }
                current = read.get().value();
            }
            double t = temp.get().value();
            double next = current;
            if (t > s.high() + shift) {
                next = current - s.step();
            } else if (t < s.low() + shift) {
                next = current + s.step();
            }
            next = Math.max(s.minSetpoint(), Math.min(s.maxSetpoint() + shift, next));
            commanded.put(spId, next);
            ctx.request(spId, next);
        }
    }

    private static boolean stressed(PointSnapshot snap) {
        return snap.withRole(Role.GRID_STRESS_LEVEL).stream().map(d -> snap.goodValue(d.id()))
                .flatMap(Optional::stream).map(v -> GridStress.fromLevel(v.value()).orElse(GridStress.NORMAL))
                .anyMatch(g -> g.compareTo(GridStress.HIGH) >= 0);
    }
}
