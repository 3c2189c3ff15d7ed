package org.thermalcommons.edge.bess;

import java.nio.file.Path;
import java.util.Map;

/**
 * The production battery dispatch with the demo's site configuration, planning on the calling thread so a run in
 * virtual time is deterministic (benchmarks; same package for its DS methods).
 */
public final class DemoDispatch {
    private DemoDispatch() {
    }

    /** A controller that is also a point source (its plan points). */
    public static DispatchComponent of(Path edgeConfig) throws Exception {
        DispatchComponent d = new DispatchComponent();
        d.activate(org.thermalcommons.edge.bench.Configs.fromFile(DispatchComponent.Config.class,
                edgeConfig.resolve("org.thermalcommons.edge.bess.Dispatch.cfg"), Map.of()));
        d.useDirectPlanner();
        return d;
    }

    public static void close(DispatchComponent d) {
        d.deactivate();
    }
}
