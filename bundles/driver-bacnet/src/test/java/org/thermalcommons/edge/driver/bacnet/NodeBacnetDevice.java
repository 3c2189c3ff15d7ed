package org.thermalcommons.edge.driver.bacnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A zone controller served by node-bacnet from npm ({@code src/test/node/device.js}), an implementation not written
 * here, in a node process of its own on 127.0.0.1 (broadcasts on 127.255.255.255, its own UDP port). Objects:
 * analog-input 1 zone-temp (°C, moving), 2 zone-humidity (%RH, moving), 5 cooling-power (kW, moving); commandable
 * analog-value 3 cooling-setpoint (16..30 °C, default 24) and 4 heating-setpoint (10..25 °C, default 20). The process
 * ends when this object is closed, when the JVM's end closes its standard input, and after 300 s at the latest.
 */
final class NodeBacnetDevice implements AutoCloseable {
    static final Path DIR = Path.of("src", "test", "node");
    static final int VENDOR_ID = 999;

    final int instance;
    final int port;
    private final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();

    NodeBacnetDevice(int instance, int port) throws Exception {
        this.instance = instance;
        this.port = port;
        process = new ProcessBuilder("node", "device.js", "--port", Integer.toString(port), "--instance",
                Integer.toString(instance), "--lifetime", "300").directory(DIR.toFile()).redirectErrorStream(true).start();
        Object listening = new Object();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                    synchronized (listening) {
                        listening.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "node-bacnet-output");
        reader.setDaemon(true);
        reader.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (listening) {
            while (!output.contains("listening " + port)) {
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    close();
                    throw new IllegalStateException("node-bacnet device on port " + port + " did not start: " + output);
                }
                listening.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    /**
     * Whether node and the npm package are there; with {@code CI=true} (set by {@code .ci/run}, which runs
     * {@code npm ci}) their absence fails the test instead of skipping it. Elsewhere {@code npm ci} is tried once.
     */
    static void requireNode() throws Exception {
        String why;
        if (!run(30, "node", "--version")) {
            why = "node is not installed (apt-get install nodejs npm); .ci/run installs it";
        } else if (!Files.isDirectory(DIR.resolve("node_modules/node-bacnet")) && !run(300, "npm", "ci", "--no-audit", "--no-fund")) {
            why = "the npm package node-bacnet is not installed (npm ci in " + DIR + "); .ci/run runs it";
        } else {
            why = null;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(why).as("CI=true: the node-bacnet interoperability peer must be there").isNull();
        }
        assumeTrue(why == null, why);
    }

    private static boolean run(int seconds, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close(); // the device exits when its standard input closes
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
