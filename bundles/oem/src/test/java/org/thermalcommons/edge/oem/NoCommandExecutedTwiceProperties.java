package org.thermalcommons.edge.oem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemAdapter;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.api.oem.OemResult;

/**
 * Random submissions, time steps, crashes (also inside an adapter call, after the device carried the command out),
 * clean restarts, adapter swaps and departures, and scripted failures (retry, refusal, exceptions, failed
 * verification), on two devices. Then every adapter is back, failures stop and time runs on. Whatever happened:
 * every accepted command ends COMPLETED or FAILED exactly once (none lost), none is sent after it ended, and the device
 * carried each out at most once more than the crashes inside its send and its failed verifications forced (an
 * adapter is idempotent, so those re-sends change nothing at the device; nothing else ever re-sends).
 */
class NoCommandExecutedTwiceProperties {
    private static final String[] DEVICES = {"hp1", "hp2"};
    private static final String[] VERBS = {"boost", "normal", "eco", "off"};

    /** A device that executes what its adapters send and remembers it per command (tagged by parameter n). */
    static final class Device {
        final Map<Integer, Integer> executions = new HashMap<>();
        final Map<Integer, Integer> crashes = new HashMap<>();
        final Map<Integer, Integer> failedVerifies = new HashMap<>();
        final List<Integer> sentAfterEnd = new ArrayList<>();
        final List<Object> sendScript = new ArrayList<>();
        final List<Object> verifyScript = new ArrayList<>();
    }

    @Property(tries = 100)
    void noCommandIsLostOrExecutedTwice(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 999) Integer> ops)
            throws Exception {
        Path dir = Files.createTempDirectory("oem-prop");
        Map<String, Device> devices = Map.of(DEVICES[0], new Device(), DEVICES[1], new Device());
        Map<Integer, Integer> terminalEvents = new HashMap<>();
        List<String> accepted = new ArrayList<>();
        Run run = new Run(dir, devices, terminalEvents);
        int next = 0;
        try {
            for (int v : ops) {
                String device = DEVICES[v % 2];
                Device d = devices.get(device);
                int arg = v / 10;
                switch (v % 10 / 2) {
                    case 0 -> { // submit
                        int n = next++;
                        run.engine.submit("c" + n, device, new OemAction(VERBS[arg % 4], Map.of("n", (double) n)), "prop");
                        accepted.add("c" + n);
                    }
                    case 1 -> run.advance(arg * 200L);
                    case 2 -> { // a failure to come, or a crash
                        switch (arg % 6) {
                            case 0 -> d.sendScript.add(OemResult.retry("HTTP 500"));
                            case 1 -> d.sendScript.add(OemResult.refused("HTTP 400"));
                            case 2 -> d.sendScript.add(new IllegalStateException("socket closed"));
                            case 3 -> d.sendScript.add("crash-after-effect");
                            case 4 -> d.verifyScript.add(OemResult.retry("not there yet"));
                            default -> run.restart();
                        }
                    }
                    case 3 -> run.swap(device);
                    default -> {
                        if (arg % 3 == 0) {
                            run.leave(device);
                        } else {
                            run.advance(arg * 50L);
                        }
                    }
                }
            }
            devices.values().forEach(d -> {
                d.sendScript.clear();
                d.verifyScript.clear();
            });
            for (String device : DEVICES) {
                run.swap(device);
            }
            run.advance(3_600_000);

            for (String id : accepted) {
                int n = Integer.parseInt(id.substring(1));
                OemCommand c = run.engine.find(id).orElseThrow(() -> new AssertionError(id + " lost"));
                assertThat(c.state().terminal()).as(id + " finished, is " + c.state()).isTrue();
                assertThat(terminalEvents.get(n)).as(id + " ended once").isEqualTo(1);
                Device d = devices.get(c.deviceId());
                int executions = d.executions.getOrDefault(n, 0);
                assertThat(executions).as(id + " carried out at most once more than crashes and failed verifications"
                                + " forced: " + d.crashes.getOrDefault(n, 0) + " crashes, "
                                + d.failedVerifies.getOrDefault(n, 0) + " failed verifications")
                        .isLessThanOrEqualTo(1 + d.crashes.getOrDefault(n, 0) + d.failedVerifies.getOrDefault(n, 0));
                if (c.state() == OemCommandState.COMPLETED) {
                    assertThat(executions).as(id + " completed, so carried out").isPositive();
                }
            }
            devices.values().forEach(d -> assertThat(d.sentAfterEnd).as("sent after it ended").isEmpty());
        } finally {
            run.close();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The engine and its log, restartable; adapters bound per device. */
    static final class Run {
        final Path dir;
        final Map<String, Device> devices;
        final Map<Integer, Integer> terminalEvents;
        final Map<String, PropAdapter> bound = new HashMap<>();
        ManualTimer timer = new ManualTimer();
        CommandLog log;
        Engine engine;
        long rank;

        Run(Path dir, Map<String, Device> devices, Map<Integer, Integer> terminalEvents) throws Exception {
            this.dir = dir;
            this.devices = devices;
            this.terminalEvents = terminalEvents;
            open();
            for (String d : DEVICES) {
                swap(d);
            }
        }

        private void open() throws Exception {
            log = new CommandLog(dir.resolve("oem.db"));
            ManualTimer t = timer;
            engine = new Engine(log, t, Harness.SETTINGS, () -> Instant.ofEpochMilli(t.nowMillis()), new Events() {
                @Override
                public void transition(OemCommand c, Optional<OemCommandState> from) {
                    if (c.state().terminal()) {
                        terminalEvents.merge(c.action().parameters().get("n").intValue(), 1, Integer::sum);
                    }
                }

                @Override
                public void breaker(String device, Breaker.State from, Breaker.State to, String why) {
                }
            }, () -> 0.5);
            engine.start();
            bound.values().forEach(a -> engine.bind(a, ++rank));
        }

        void advance(long ms) throws Exception {
            try {
                timer.advance(ms);
            } catch (LifecycleTest.Crash crash) {
                restart();
            }
        }

        void restart() throws Exception {
            timer.close();
            log.close();
            timer = timer.successor();
            open();
        }

        void swap(String device) {
            PropAdapter old = bound.remove(device);
            if (old != null) {
                engine.unbind(old);
            }
            PropAdapter a = new PropAdapter(device, this);
            bound.put(device, a);
            engine.bind(a, ++rank);
        }

        void leave(String device) {
            PropAdapter old = bound.remove(device);
            if (old != null) {
                engine.unbind(old);
            }
        }

        boolean ended(int n) {
            return engine.find("c" + n).map(c -> c.state().terminal()).orElse(false);
        }

        void close() throws Exception {
            timer.close();
            log.close();
        }
    }

    /** An adapter instance (one bundle version) for a device. */
    static final class PropAdapter implements OemAdapter {
        private final String device;
        private final Device d;
        private final Run run;

        PropAdapter(String device, Run run) {
            this.device = device;
            this.d = run.devices.get(device);
            this.run = run;
        }

        @Override
        public String deviceId() {
            return device;
        }

        @Override
        public String family() {
            return "heatpump";
        }

        @Override
        public Set<String> actions() {
            return Set.of(VERBS);
        }

        @Override
        public OemResult send(OemAction action) {
            int n = action.parameters().get("n").intValue();
            if (run.ended(n)) {
                d.sentAfterEnd.add(n);
            }
            Object o = d.sendScript.isEmpty() ? null : d.sendScript.remove(0);
            if ("crash-after-effect".equals(o)) {
                d.executions.merge(n, 1, Integer::sum);
                d.crashes.merge(n, 1, Integer::sum);
                throw new LifecycleTest.Crash();
            }
            if (o instanceof RuntimeException e) {
                throw e;
            }
            OemResult r = o == null ? OemResult.ok("done") : (OemResult) o;
            if (r.outcome() == OemResult.Outcome.OK) {
                d.executions.merge(n, 1, Integer::sum);
            }
            return r;
        }

        @Override
        public OemResult verify(OemAction action) {
            int n = action.parameters().get("n").intValue();
            OemResult r = d.verifyScript.isEmpty() ? OemResult.ok("holds it") : (OemResult) d.verifyScript.remove(0);
            if (r.outcome() != OemResult.Outcome.OK) {
                d.failedVerifies.merge(n, 1, Integer::sum);
            }
            return r;
        }
    }
}
