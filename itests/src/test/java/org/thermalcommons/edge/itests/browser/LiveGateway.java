package org.thermalcommons.edge.itests.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The assembled distribution ({@code bin/edge run}) in its own process, with the demo configuration copied to a
 * folder of the test's and every port chosen free at run time: the console (plain HTTP on 127.0.0.1), the gateway's
 * BACnet port, the simulated building's BACnet zones and Modbus units, the vendor heat pump's REST API. The market
 * link points at a port nothing listens on (the gateway runs autonomous; a demo running beside the test is never
 * reached). Its {@code deploy/} folder is the test's own. Stopped by {@link #close()} (SIGTERM, then kill).
 */
public final class LiveGateway implements AutoCloseable {
    static final Path DISTRIBUTION = Path.of(System.getProperty("cool.edge.distribution", "../distribution/target/cool-edge"));
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern SETUP = Pattern.compile("(http://\\S+#setup=[A-Za-z0-9_-]+)");
    private static final int ZONES = 4;

    private final Path work;
    private final Process process;
    private final Map<String, Integer> ports;
    private final URI console;

    private LiveGateway(Path work, Process process, Map<String, Integer> ports) {
        this.work = work;
        this.process = process;
        this.ports = ports;
        this.console = URI.create("http://127.0.0.1:" + ports.get("console"));
    }

    /** Starts the demo configuration as it ships. */
    public static LiveGateway start(Path work) throws Exception {
        return start(work, etc -> { });
    }

    /**
     * Starts the demo configuration after {@code adjust} changed the copy of its {@code etc/} (ports already
     * rewritten), and waits until the launcher says it started and the console answers.
     */
    public static LiveGateway start(Path work, Consumer<Path> adjust) throws Exception {
        Path home = DISTRIBUTION.toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve("bin/edge"))) {
            throw new IllegalStateException("no assembled distribution at " + home + " (mvn package -pl distribution -am)");
        }
        Files.createDirectories(work);
        Path etc = work.resolve("etc");
        copyTree(home.resolve("etc"), etc);
        Map<String, Integer> ports = freePorts();
        configure(etc, ports);
        adjust.accept(etc);
        Path data = Files.createDirectories(work.resolve("data"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/edge").toString(), "run", "--config", etc.toString(),
                "--data", data.toString());
        pb.environment().put("EDGE_JAVA_OPTS", "-XX:+UseSerialGC -Xms48m -Xmx256m -Xss512k -XX:+ExitOnOutOfMemoryError"
                + " -Dcool.edge.deploy=" + deploy);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("gateway.log").toFile()));
        LiveGateway g = new LiveGateway(work, pb.start(), ports);
        try {
            g.awaitStarted();
        } catch (Exception | AssertionError e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** The console's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI console() {
        return console;
    }

    /** The site's configuration folder (a copy of the demo's, ports rewritten). */
    public Path etc() {
        return work.resolve("etc");
    }

    public Path data() {
        return work.resolve("data");
    }

    /** The deployment manager's folder. */
    public Path deploy() {
        return work.resolve("deploy");
    }

    /**
     * The ports in use, by name: {@code console}, {@code bacnet} (the gateway's), {@code zone-1}..{@code zone-4} (the
     * simulated zone controllers, instances 1001..1004), {@code battery}, {@code meter}, {@code heatpump} (Modbus
     * units, id 1), {@code vendor} (the vendor heat pump's REST API).
     */
    public Map<String, Integer> ports() {
        return ports;
    }

    public int port(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no port " + name + "; known: " + ports.keySet());
        }
        return p;
    }

    /** The gateway's output so far. */
    public String log() {
        try {
            return Files.readString(work.resolve("gateway.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return work.resolve("gateway.log");
    }

    /** The one-time link the console printed for creating the first admin (absent once an account exists). */
    public String setupLink() {
        Matcher m = SETUP.matcher(log());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            throw new IllegalStateException("the console printed no setup link; log:\n" + tail(40));
        }
        return last;
    }

    /** Waits until {@code text} appears in the log, or fails after {@code timeout} naming it. */
    public void awaitLog(String text, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited (" + process.exitValue() + ") before logging '" + text + "':\n" + tail(60));
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("gateway did not log '" + text + "' within " + timeout + ":\n" + tail(60));
            }
            Thread.sleep(100);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private void awaitStarted() throws Exception {
        awaitLog("COOL Edge started", START_TIMEOUT);
        awaitLog("#setup=", Duration.ofSeconds(30));
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port("console")), 1000);
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(end)) {
                    throw new AssertionError("the console does not listen on " + console + ":\n" + tail(60));
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void configure(Path etc, Map<String, Integer> p) throws IOException {
        set(etc, "org.thermalcommons.edge.console.Console.cfg", Map.of("host", "127.0.0.1", "port", p.get("console") + "",
                "https", "false"));
        set(etc, "org.thermalcommons.edge.driver.bacnet.BacnetNetwork.cfg", Map.of("port", p.get("bacnet") + "",
                "discoveryPorts", String.join(", ", zonePorts(p))));
        for (int z = 1; z <= ZONES; z++) {
            set(etc, "org.thermalcommons.edge.driver.bacnet.BacnetDevice-zone-" + z + ".cfg",
                    Map.of("address", "127.0.0.1:" + p.get("zone-" + z)));
        }
        set(etc, "org.thermalcommons.edge.sim.SimulatedBuilding.cfg", Map.of("bacnetBasePort", p.get("zone-1") + "",
                "modbusBasePort", p.get("battery") + "", "startWallTime", Instant.now().toString()));
        set(etc, "org.thermalcommons.edge.driver.modbus.ModbusDevice-battery.cfg", Map.of("port", p.get("battery") + ""));
        set(etc, "org.thermalcommons.edge.driver.modbus.ModbusDevice-meter.cfg", Map.of("port", p.get("meter") + ""));
        set(etc, "org.thermalcommons.edge.driver.modbus.ModbusDevice-heatpump.cfg", Map.of("port", p.get("heatpump") + ""));
        set(etc, "org.thermalcommons.edge.sim.VendorHeatPump.cfg", Map.of("port", p.get("vendor") + ""));
        set(etc, "org.thermalcommons.edge.oem.heatpump.http.HttpHeatPump-heatpump-2.cfg",
                Map.of("baseUrl", "http://127.0.0.1:" + p.get("vendor")));
        set(etc, "org.thermalcommons.edge.market.Market.cfg", Map.of("brokerUrl", "tcp://127.0.0.1:" + p.get("broker")));
    }

    private static List<String> zonePorts(Map<String, Integer> p) {
        List<String> out = new ArrayList<>();
        for (int z = 1; z <= ZONES; z++) {
            out.add(String.valueOf(p.get("zone-" + z)));
        }
        return out;
    }

    /** Sets keys of one .cfg file (replacing their lines, appending missing ones); the file must exist. */
    public static void set(Path etc, String file, Map<String, String> values) throws IOException {
        Path f = etc.resolve(file);
        List<String> out = new ArrayList<>();
        Map<String, String> left = new LinkedHashMap<>(values);
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String key = line.contains("=") && !line.stripLeading().startsWith("#") ? line.substring(0, line.indexOf('=')).trim() : null;
            if (key != null && left.containsKey(key)) {
                out.add(key + " = " + left.remove(key));
            } else {
                out.add(line);
            }
        }
        left.forEach((k, v) -> out.add(k + " = " + v));
        Files.write(f, out, StandardCharsets.UTF_8);
    }

    /**
     * Free ports: the simulated building serves its zones on consecutive UDP ports from {@code bacnetBasePort} and
     * its Modbus units on consecutive TCP ports from {@code modbusBasePort} (battery, meter, heat pump), so those
     * come as runs checked free one by one.
     */
    private static Map<String, Integer> freePorts() throws IOException {
        Map<String, Integer> p = new LinkedHashMap<>();
        p.put("console", freeTcp());
        p.put("vendor", freeTcp());
        p.put("broker", freeTcp());
        int zones = udpRun(ZONES + 1);
        p.put("bacnet", zones + ZONES);
        for (int z = 1; z <= ZONES; z++) {
            p.put("zone-" + z, zones + z - 1);
        }
        int modbus = tcpRun(3);
        p.put("battery", modbus);
        p.put("meter", modbus + 1);
        p.put("heatpump", modbus + 2);
        return p;
    }

    private static int freeTcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int udpRun(int n) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (allFree(base, n, true)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + n + " free UDP ports found");
    }

    private static int tcpRun(int n) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(30_000, 32_000);
            if (allFree(base, n, false)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + n + " free TCP ports found");
    }

    private static boolean allFree(int base, int n, boolean udp) {
        for (int i = 0; i < n; i++) {
            try {
                if (udp) {
                    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(base + i))) {
                        s.getLocalPort();
                    }
                } else {
                    try (ServerSocket s = new ServerSocket()) {
                        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + i));
                    }
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path src : (Iterable<Path>) all::iterator) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
