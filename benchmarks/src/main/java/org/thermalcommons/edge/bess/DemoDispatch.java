package org.thermalcommons.edge.bess;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The production battery dispatch with the demo's site configuration, planning on the calling thread so a run in
 * virtual time is deterministic (benchmarks; same package for the component's package-private start).
 */
public final class DemoDispatch {
    private DemoDispatch() {
    }

    /** A controller that is also a point source (its plan points). */
    public static DispatchComponent of(Path edgeConfig) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(edgeConfig.resolve("org.thermalcommons.edge.bess.Dispatch.cfg"))) {
            p.load(r);
        }
        Map<String, String> props = new HashMap<>();
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k).trim()));
        DispatchComponent d = new DispatchComponent();
        d.startOnCallingThread(DispatchSettings.fromProperties(props));
        return d;
    }

    public static void close(DispatchComponent d) {
        d.deactivate();
    }
}
