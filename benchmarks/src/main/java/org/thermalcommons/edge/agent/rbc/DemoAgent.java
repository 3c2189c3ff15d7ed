package org.thermalcommons.edge.agent.rbc;

import java.nio.file.Path;
import java.util.Map;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.bench.Configs;

/** The production comfort agent with the demo's site configuration (benchmarks; same package for its DS method). */
public final class DemoAgent {
    private DemoAgent() {
    }

    public static Controller of(Path edgeConfig) throws Exception {
        ComfortAgent a = new ComfortAgent();
        a.start(AgentSettings.of(Configs.fromFile(AgentConfig.class, edgeConfig.resolve(ComfortAgent.PID + ".cfg"), Map.of())),
                Runnable::run);
        return a;
    }
}
