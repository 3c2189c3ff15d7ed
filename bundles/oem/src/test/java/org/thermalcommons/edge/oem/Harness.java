package org.thermalcommons.edge.oem;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;

/** An engine on a log file in a temporary directory and a manual timer; restartable like the bundle. */
final class Harness implements AutoCloseable {
    static final Settings SETTINGS = new Settings(4, Duration.ofMinutes(10), Duration.ofSeconds(1),
            Duration.ofSeconds(8), 0.2, 3, Duration.ofSeconds(30), 100, 50);

    record Change(String id, Optional<OemCommandState> from, OemCommandState to, Optional<String> reason) {
    }

    private final Path file;
    private final Settings settings;
    final List<Change> changes = new ArrayList<>();
    final List<String> breakerChanges = new ArrayList<>();
    ManualTimer timer = new ManualTimer();
    CommandLog log;
    Engine engine;

    Harness(Path dir) throws Exception {
        this(dir, SETTINGS);
    }

    Harness(Path dir, Settings settings) throws Exception {
        this.file = dir.resolve("oem.db");
        this.settings = settings;
        open();
    }

    private void open() throws Exception {
        log = new CommandLog(file);
        ManualTimer t = timer;
        engine = new Engine(log, t, settings, () -> Instant.ofEpochMilli(t.nowMillis()), new Events() {
            @Override
            public void transition(OemCommand c, Optional<OemCommandState> from) {
                changes.add(new Change(c.id(), from, c.state(), c.reason()));
            }

            @Override
            public void breaker(String device, Breaker.State from, Breaker.State to, String why) {
                breakerChanges.add(device + " " + from + "->" + to);
            }
        }, () -> 0.5);
        engine.start();
    }

    /** Stops the engine as a crash or a bundle stop would (nothing scheduled runs) and starts a new one on the log. */
    void restart() throws Exception {
        timer.close();
        log.close();
        timer = timer.successor();
        open();
    }

    OemCommand submit(String id, String verb) {
        return engine.submit(id, "heatpump", OemAction.of(verb), "test");
    }

    OemCommandState state(String id) {
        return engine.find(id).orElseThrow().state();
    }

    /** The states one command went through, in order. */
    List<OemCommandState> path(String id) {
        return changes.stream().filter(c -> c.id().equals(id)).map(Change::to).toList();
    }

    FakeAdapter adapter() {
        FakeAdapter a = new FakeAdapter("heatpump", () -> timer.nowMillis());
        engine.bind(a, 1);
        return a;
    }

    @Override
    public void close() throws Exception {
        timer.close();
        log.close();
    }
}
