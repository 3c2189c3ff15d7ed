package org.thermalcommons.edge.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto (installed by .ci/run) on a loopback port, started and stopped by the test: persistence on (a
 * stop and start keeps sessions and queued QoS 1 messages), queued messages never dropped.
 */
final class ItBroker {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    ItBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    synchronized void start() throws IOException, InterruptedException {
        if (running()) {
            return;
        }
        Files.createDirectories(dir.resolve("persist"));
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, ("root".equals(System.getProperty("user.name")) ? "user root\n" : "")
                + "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location "
                + dir.resolve("persist") + "/\nmax_queued_messages 0\nlog_dest file " + dir.resolve("mosquitto.log")
                + "\n");
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("mosquitto did not listen on " + port + ": "
                            + Files.readString(dir.resolve("stdout.log")));
                }
                Thread.sleep(20); // polling with a deadline
            }
        }
    }

    /** Stops it as a service manager would (SIGTERM: it saves its persistence file first). */
    synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
    }
}
