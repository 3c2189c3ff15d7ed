package org.thermalcommons.edge.bench.console;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.thermalcommons.edge.api.control.CycleReport;
import org.thermalcommons.edge.api.control.PointSnapshot;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;
import org.thermalcommons.edge.console.Console;
import org.thermalcommons.edge.console.ConsoleSettings;
import org.thermalcommons.edge.console.auth.UserStore;
import org.thermalcommons.edge.store.StoreHarness;

/**
 * The console's production servlets (production settings: PBKDF2 at 600,000 iterations, 16 KiB body limit) in
 * Jetty 12.0.32, the engine Felix HTTP Jetty embeds, over loopback HTTP:
 * <ul>
 *   <li>{@code chart_year_p50_ms} / {@code chart_year_p99_ms}: {@code GET /api/history} of a year of one point's
 *   1-minute readings at a budget of 2,000 points, answered by the real store (its shipped configuration, via the
 *   store's own benchmark harness), request to parsed response, after 10 warm-up requests.</li>
 *   <li>{@code sse_lag_p99_ms}: 20 clients on {@code /stream} while cycles hand the console 100 changed points every
 *   100 ms (1,000 points/s) for 10 s; lag = arrival at the client minus the value's timestamp (set when the cycle
 *   hands the snapshot over).</li>
 *   <li>{@code heap_overhead_mb}: heap in use (after GC) with the console, Jetty and 20 connected streams, minus the
 *   same JVM before the console started (store open, clients built): baseline named "before console".</li>
 * </ul>
 */
public final class ConsoleSuite implements Suite {
    static final String PASSWORD = "benchmark-password-1";
    private static final Instant T0 = Instant.parse("2025-03-02T00:00:00Z");
    private static final Pattern T = Pattern.compile("\"t\":(\\d+)");

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void run(Figures figures) throws Exception {
        Path dir = Files.createTempDirectory("cool-edge-console-bench");
        PointId id = PointId.of("site", "load");
        int minutes = 365 * 24 * 60;
        Instant end = T0.plus(Duration.ofMinutes(minutes));
        try {
            loadYear(dir.resolve("store"), id, minutes);
            try (StoreHarness store = new StoreHarness(dir.resolve("store"), end)) {
                List<HttpClient> clients = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager()).build());
                }
                long before = usedHeap();
                BenchGateway gateway = new BenchGateway(new HarnessStore(store));
                UserStore users = UserStore.open(dir.resolve("console"));
                Console console = new Console(ConsoleSettings.defaults(), gateway, users, Clock.systemUTC(),
                        Console.class.getClassLoader());
                Server server = jetty(console);
                URI base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
                try {
                    HttpClient admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager()).build();
                    String token = console.issueSetupToken().orElseThrow();
                    send(admin, base, "/api/setup", "{\"token\":\"" + token + "\",\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}");
                    chartYear(figures, admin, base, id, end);
                    for (HttpClient c : clients) {
                        send(c, base, "/api/login", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}");
                    }
                    sseLag(figures, console, gateway, clients, base, before);
                } finally {
                    server.stop();
                    console.close();
                    users.close();
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void loadYear(Path dir, PointId id, int minutes) throws Exception {
        Map<PointId, PointDefinition> defs = Map.of(id,
                PointDefinition.readOnly(id, Role.BUILDING_LOAD_POWER_SENSOR, Unit.KILOWATT, Duration.ofMinutes(2)));
        long t0 = System.nanoTime();
        try (StoreHarness store = new StoreHarness(dir, T0)) {
            for (int m = 0; m < minutes; m++) {
                Instant t = T0.plus(Duration.ofMinutes(m));
                double v = 60 + 30 * Math.sin(m * 2 * Math.PI / 1440) + 5 * Math.sin(m / 7.0);
                store.cycle(t, defs, Map.of(id, PointValue.good(id, v, Unit.KILOWATT, t)));
                if (m % 10_000 == 0) {
                    store.throttle(50_000);
                }
            }
            while (store.processed() < minutes) {
                Thread.sleep(1);
            }
        }
        System.err.printf("console: a year of 1-minute readings stored in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void chartYear(Figures figures, HttpClient admin, URI base, PointId id, Instant end) throws Exception {
        String path = "/api/history?point=" + id + "&from=" + end.minus(Duration.ofDays(365)) + "&to=" + end + "&points=2000";
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).GET().build();
        String body = "";
        for (int i = 0; i < 10; i++) {
            body = admin.send(req, HttpResponse.BodyHandlers.ofString()).body();
        }
        long[] q = new long[100];
        for (int i = 0; i < q.length; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = admin.send(req, HttpResponse.BodyHandlers.ofString());
            q[i] = System.nanoTime() - t;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("chart request failed: " + r.statusCode() + " " + r.body());
            }
            body = r.body();
        }
        Matcher res = Pattern.compile("\"resolution\":\"([A-Z_]+)\",\"sourceBuckets\":(\\d+)").matcher(body);
        int points = body.substring(body.indexOf("\"t\":[")).split(",\"v\"")[0].split(",").length;
        System.err.printf("console: year chart %s, %d bytes, %d points%n", res.find() ? res.group(1) + " from " + res.group(2) + " buckets" : "?",
                body.length(), points);
        figures.report("chart_year_p50_ms", Figures.percentile(q, 50) / 1e6, "ms");
        figures.report("chart_year_p99_ms", Figures.percentile(q, 99) / 1e6, "ms");
    }

    private static void sseLag(Figures figures, Console console, BenchGateway gateway, List<HttpClient> clients, URI base,
                               long heapBefore) throws Exception {
        ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
        AtomicInteger connected = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        List<InputStream> streams = new ArrayList<>();
        for (HttpClient c : clients) {
            HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(base.resolve("/stream")).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("stream refused: " + r.statusCode());
            }
            streams.add(r.body());
            Thread t = new Thread(() -> read(r.body(), lags, connected), "sse-client");
            t.setDaemon(true);
            t.start();
            readers.add(t);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (connected.get() < clients.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + connected.get() + " streams connected");
            }
            Thread.sleep(5);
        }
        List<PointId> ids = new ArrayList<>();
        Map<PointId, PointDefinition> defs = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            PointId p = PointId.of("dev-" + i / 50, "p" + i);
            ids.add(p);
            defs.put(p, PointDefinition.readOnly(p, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, Duration.ofMinutes(1)));
        }
        Map<PointId, PointValue> values = new HashMap<>();
        int cycles = 100;
        long next = System.nanoTime();
        for (int c = 0; c < cycles; c++) {
            Instant now = Instant.now();
            for (int k = 0; k < 100; k++) {
                PointId p = ids.get((c * 100 + k) % ids.size());
                values.put(p, PointValue.good(p, c + k / 100.0, Unit.KILOWATT, now));
            }
            PointSnapshot snap = new PointSnapshot(now, defs, values);
            gateway.snapshot = snap;
            console.cycleCompleted(new CycleReport(c, snap, List.of(), Duration.ZERO, Duration.ZERO));
            next += 100_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the feed's period, not a wait for a condition
            }
        }
        long expected = (long) cycles * 100 * clients.size();
        deadline = System.nanoTime() + 10_000_000_000L;
        while (lags.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long heapAfter = usedHeap();
        long[] all = lags.stream().mapToLong(Long::longValue).toArray();
        System.err.printf("console: %d of %d values delivered to %d streams, p50 lag %.0f ms%n", all.length, expected,
                clients.size(), Figures.percentile(all, 50));
        if (all.length < expected) {
            throw new IllegalStateException("only " + all.length + " of " + expected + " values arrived");
        }
        figures.report("sse_lag_p99_ms", Figures.percentile(all, 99), "ms");
        figures.report("heap_overhead_mb", (heapAfter - heapBefore) / 1e6, "MB");
        for (InputStream s : streams) {
            s.close();
        }
    }

    private static void read(InputStream in, ConcurrentLinkedQueue<Long> lags, AtomicInteger connected) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean points = false;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(": connected")) {
                    connected.incrementAndGet();
                } else if (line.equals("event: points")) {
                    points = true;
                } else if (points && line.startsWith("data: ")) {
                    long now = System.currentTimeMillis();
                    Matcher m = T.matcher(line);
                    while (m.find()) {
                        lags.add(now - Long.parseLong(m.group(1)));
                    }
                    points = false;
                }
            }
        } catch (java.io.IOException e) {
            // stream closed at the end of the run
        }
    }

    private static void send(HttpClient c, URI base, String path, String json) throws Exception {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " failed: " + r.statusCode() + " " + r.body());
        }
    }

    static Server jetty(Console console) throws Exception {
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        ServletContextHandler ctx = new ServletContextHandler("/");
        for (Map.Entry<String, jakarta.servlet.http.HttpServlet> e : console.servlets().entrySet()) {
            ServletHolder h = new ServletHolder(e.getValue());
            h.setAsyncSupported(Console.async(e.getKey()));
            ctx.addServlet(h, e.getKey());
        }
        server.setHandler(ctx);
        server.start();
        return server;
    }

    private static long usedHeap() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
