package org.thermalcommons.edge.market;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto (installed by .ci/run) on a free loopback port with a generated configuration: the independent
 * broker of the market tests. Persistence on, so a stop and start keeps sessions and queued messages.
 */
final class Mosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final String extra;
    private Process process;

    Mosquitto(Path dir, String extraConfig) throws IOException {
        this.dir = dir;
        this.extra = extraConfig;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    Mosquitto start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.createDirectories(dir.resolve("persist"));
        StringBuilder c = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            c.append("user root\n");
        }
        c.append("listener ").append(port).append(" 127.0.0.1\n")
                .append("persistence true\npersistence_location ").append(dir.resolve("persist")).append("/\n")
                // never drop queued QoS 1 messages for a slow or offline subscriber (the default drops beyond 1000)
                .append("max_queued_messages 0\n")
                .append("log_dest file ").append(dir.resolve("mosquitto.log")).append("\n")
                .append(extra == null || extra.isEmpty() ? "allow_anonymous true\n" : extra);
        Files.writeString(conf, c.toString());
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("stdout.log")));
                }
                Thread.onSpinWait();
            }
        }
        throw new IOException("mosquitto did not listen on " + port);
    }

    /** Stops it as a service manager would (SIGTERM: it saves its persistence file). */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Runs mosquitto_pub with the given arguments against this broker; returns its exit code. */
    int pub(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-V", "mqttv5", "-q", "1"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    static void awaitUntil(Duration timeout, java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        awaitUntil(timeout, condition, () -> what);
    }

    static void awaitUntil(Duration timeout, java.util.function.BooleanSupplier condition,
                           java.util.function.Supplier<String> what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(20); // polling with a deadline, not waiting for a condition by sleeping
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
