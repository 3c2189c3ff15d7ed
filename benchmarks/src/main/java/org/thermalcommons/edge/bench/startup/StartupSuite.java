package org.thermalcommons.edge.bench.startup;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.thermalcommons.edge.bench.Figures;
import org.thermalcommons.edge.bench.Suite;

/**
 * Starts the assembled gateway (distribution/target/cool-edge, demo configuration, fresh data directory) several
 * times: time from JVM start to the first completed control cycle, and resident memory after it has run a while.
 */
public final class StartupSuite implements Suite {
    private static final Pattern FIRST = Pattern.compile("First control cycle completed (\\d+) ms after the JVM started");
    private static final int RUNS = Integer.getInteger("startup.runs", 3);
    private static final int SETTLE_SECONDS = Integer.getInteger("startup.settleSeconds", 15);

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public void run(Figures figures) throws Exception {
        Path home = Path.of(System.getProperty("cool.edge.repo", ".")).resolve("distribution/target/cool-edge");
        if (!Files.isExecutable(home.resolve("bin/edge"))) {
            throw new IllegalStateException(home + "/bin/edge not found: build with mvn -DskipTests install");
        }
        List<Double> firstCycle = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Path data = Files.createTempDirectory("cool-edge-startup");
            Process p = new ProcessBuilder(home.resolve("bin/edge").toString(), "run", "--config",
                    home.resolve("etc").toString(), "--data", data.toString()).redirectErrorStream(true).start();
            try {
                CompletableFuture<Long> first = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            Matcher m = FIRST.matcher(line);
                            if (m.find()) {
                                first.complete(Long.parseLong(m.group(1)));
                            }
                        }
                        first.completeExceptionally(new IllegalStateException("gateway exited before its first cycle"));
                    } catch (Exception e) {
                        first.completeExceptionally(e);
                    }
                });
                reader.setDaemon(true);
                reader.start();
                long ms = first.get(60, TimeUnit.SECONDS);
                firstCycle.add(ms / 1000.0);
                // Let it run (simulation, storage, controllers) before reading its resident memory.
                p.waitFor(SETTLE_SECONDS, TimeUnit.SECONDS);
                rss.add(rssMb(p.pid()));
                System.err.printf("startup run %d: first cycle %.2f s, rss %.1f MB%n", i + 1, ms / 1000.0, rss.get(rss.size() - 1));
            } finally {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                try (Stream<Path> s = Files.walk(data)) {
                    s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        figures.report("first_cycle_s", median(firstCycle), "s");
        figures.report("rss_mb", median(rss), "MB");
    }

    static double rssMb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
