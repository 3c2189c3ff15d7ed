package org.thermalcommons.edge.sim;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.thermalcommons.edge.api.point.PointSink;
import org.thermalcommons.edge.api.point.PointSource;

/**
 * The simulated building in its in-process mode (the same {@link SimulatedBuildingComponent} as in the gateway, as
 * {@link PointSource} and {@link PointSink}), stepped by its caller instead of by a thread on the wall clock: closed-loop
 * tests and benchmarks run days of simulated time as fast as the CPU allows, deterministically. Writes take effect at
 * the next {@link #advance}, as they do in the gateway at the next simulation step. Not thread-safe.
 */
public final class SteppedBuilding {
    private final SimulatedBuildingComponent component = new SimulatedBuildingComponent();
    private final AtomicLong wallNanos = new AtomicLong();
    private final double speed;

    /** @param config settings by their names in {@code SimulatedBuilding.cfg} (others at their defaults); {@code serve} is in-process */
    public SteppedBuilding(Map<String, Object> config) {
        SimulatedBuildingComponent.Config c = config(config);
        if (!c.serve().equals("in-process")) {
            throw new IllegalArgumentException("a stepped building serves its points in-process");
        }
        speed = c.speed();
        component.build(c, wallNanos::get);
    }

    /** Advances simulated time by {@code dt}: applies pending writes, then steps the physics. */
    public void advance(Duration dt) {
        wallNanos.addAndGet((long) (dt.toNanos() / speed));
        component.advance();
    }

    public Instant now() {
        return component.now();
    }

    public PointSource source() {
        return component;
    }

    public PointSink sink() {
        return component;
    }

    private static SimulatedBuildingComponent.Config config(Map<String, Object> values) {
        return (SimulatedBuildingComponent.Config) Proxy.newProxyInstance(SimulatedBuildingComponent.Config.class.getClassLoader(),
                new Class<?>[] {SimulatedBuildingComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return SimulatedBuildingComponent.Config.class;
                    }
                    if (method.getDefaultValue() == null) {
                        return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : method.getName().equals("equals") ? proxy == args[0] : "SteppedBuilding.Config";
                    }
                    Object v = values.get(method.getName());
                    if (v == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> t = method.getReturnType();
                    String s = String.valueOf(v);
                    return t == double.class ? Double.parseDouble(s) : t == int.class ? Integer.parseInt(s)
                            : t == long.class ? Long.parseLong(s) : t == boolean.class ? Boolean.parseBoolean(s) : s;
                });
    }
}
