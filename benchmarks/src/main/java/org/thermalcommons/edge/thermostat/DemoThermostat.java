package org.thermalcommons.edge.thermostat;

import java.nio.file.Path;
import java.util.Map;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.bench.Configs;

/** The production thermostat with the demo's site configuration (benchmarks; same package for its DS method). */
public final class DemoThermostat {
    private DemoThermostat() {
    }

    public static Controller of(Path edgeConfig) throws Exception {
        Thermostat t = new Thermostat();
        t.activate(Configs.fromFile(Thermostat.Config.class, edgeConfig.resolve(Thermostat.PID + ".cfg"), Map.of()));
        return t;
    }
}
