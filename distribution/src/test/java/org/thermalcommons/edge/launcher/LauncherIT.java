package org.thermalcommons.edge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled gateway ({@code target/cool-edge/bin/edge}) started as an installer would, with hostile site
 * configurations: each failure is one line on standard error naming what failed, a non-zero exit status, and never
 * "COOL Edge started".
 */
class LauncherIT {
    static final Path EDGE = Path.of("target/cool-edge/bin/edge").toAbsolutePath();

    @TempDir
    Path site;

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            // The JDK's own logger line from SPI Fly at start is not ours; every line we print starts with cool-edge:.
            return err.lines().filter(l -> l.startsWith("cool-edge:")).toList();
        }
    }

    Run run(String... extra) throws IOException, InterruptedException {
        return runFrom(EDGE, extra);
    }

    Run runFrom(Path edge, String... extra) throws IOException, InterruptedException {
        Path out = site.resolve("stdout.txt");
        Path err = site.resolve("stderr.txt");
        List<String> cmd = new java.util.ArrayList<>(List.of(edge.toString(), "run", "--config", site.toString(),
                "--data", site.resolve("data").toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("EDGE_JAVA_OPTS", "-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1 -Dcool.edge.startupTimeoutSeconds=90");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/edge did not exit within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aBinaryGatewayPropertiesIsOneLineNamingFileAndLineAndExitStatus2() throws Exception {
        byte[] elf = new byte[4096];
        new java.util.Random(1).nextBytes(elf);
        elf[0] = 0x7F;
        Files.write(site.resolve("gateway.properties"), elf);
        Run r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("cool-edge: " + site.resolve("gateway.properties") + " byte 0 (line 1): ");
        assertThat(r.out()).doesNotContain("COOL Edge started");
    }

    @Test
    void anOversizedGatewayPropertiesIsRejectedUnread() throws Exception {
        Files.writeString(site.resolve("gateway.properties"), "features = core\n#" + "x".repeat(70_000) + "\n");
        Run r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("gateway.properties: is 70018 bytes")
                .endsWith("[rule max-size]");
    }

    /** An installation of its own (bin/, lib/ of the assembled one) whose system/features.xml is {@code features}. */
    Path installationWithFeaturesFile(Path home, byte[] features) throws IOException {
        Path assembled = EDGE.getParent().getParent();
        for (String dir : List.of("bin", "lib")) {
            Files.createDirectories(home.resolve(dir));
            try (var files = Files.list(assembled.resolve(dir))) {
                for (Path f : files.toList()) {
                    Files.copy(f, home.resolve(dir).resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.write(Files.createDirectories(home.resolve("system")).resolve("features.xml"), features);
        return home.resolve("bin/edge");
    }

    @Test
    void anOversizedFeaturesFileIsRejectedUnreadInOneLineAndExitStatus2(@TempDir Path home) throws Exception {
        byte[] huge = ("<features>" + " ".repeat(2 * 1024 * 1024) + "</features>").getBytes(StandardCharsets.UTF_8);
        Run r = runFrom(installationWithFeaturesFile(home, huge));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().isEqualTo("cool-edge: " + home.resolve("system/features.xml")
                + ": is " + huge.length + " bytes; a features file may have at most 1048576 bytes (not read) [rule max-size]");
        assertThat(r.out()).doesNotContain("COOL Edge started");
        assertThat(r.err()).as("no stack traces").doesNotContain("\tat ");
    }

    @Test
    void anInvalidFeaturesFileIsOneLineNamingFileFeatureAndRuleAndExitStatus2(@TempDir Path home) throws Exception {
        Files.writeString(site.resolve("gateway.properties"), "features = core\n");
        byte[] bad = "<features><feature name='core'><bundle start-level='9'>mvn:g/a/1</bundle></feature></features>"
                .getBytes(StandardCharsets.UTF_8);
        Run r = runFrom(installationWithFeaturesFile(home, bad));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().isEqualTo("cool-edge: " + home.resolve("system/features.xml")
                + " feature 'core': start-level 9 of mvn:g/a/1 is outside 1..4 (the launcher's final level) [rule start-level]");
        assertThat(r.err()).as("nothing but our line: no parser output, no stack trace").doesNotContain("\tat ", "[Fatal Error]");
        assertThat(r.out()).doesNotContain("COOL Edge started");
    }

    @Test
    void aComponentThatFailsAtStartUpIsNamedAsItselfAndTheGatewayDoesNotSayStarted() throws Exception {
        Files.writeString(site.resolve("gateway.properties"), "features = core, store\n");
        // The store cannot create its directory: its required health part reports DOWN naming the path, and the store
        // service is never offered.
        Files.writeString(site.resolve("org.thermalcommons.edge.store.Store.cfg"), "dataDir = /proc/cool-edge-it/store\n");
        Run r = run();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("COOL Edge started");
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("cool-edge: start-up failed, stopping: required part store is DOWN: Cannot write the data"
                        + " directory /proc/cool-edge-it/store")
                .doesNotContain("bundle org.thermalcommons.edge.core");
        assertThat(r.err()).as("no stack traces").doesNotContain("\tat ");
    }

    @Test
    void aCompleteGatewaySaysStartedAndStopsOnSigterm() throws Exception {
        Files.writeString(site.resolve("gateway.properties"), "features = core, store\n");
        Path out = site.resolve("stdout.txt");
        ProcessBuilder pb = new ProcessBuilder(EDGE.toString(), "run", "--config", site.toString(), "--data",
                site.resolve("data").toString()).redirectOutput(out.toFile()).redirectError(site.resolve("stderr.txt").toFile());
        pb.environment().put("EDGE_JAVA_OPTS", "-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1");
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(out, StandardCharsets.UTF_8).contains("COOL Edge started") && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling the log with a deadline
            }
            assertThat(Files.readString(out)).contains("COOL Edge started: ");
            p.destroy(); // SIGTERM, as systemd stops it
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(out)).contains("COOL Edge stopping...");
            assertThat(p.exitValue()).as("terminated by SIGTERM after an orderly stop").isEqualTo(143);
        } finally {
            p.destroyForcibly();
        }
    }
}
