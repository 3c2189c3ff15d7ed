package org.thermalcommons.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirectoryTest {
    @TempDir
    Path etc;
    final TestConfig.Schemas schemas = new TestConfig.Schemas().with(TestConfig.cycleSchema());
    final TestConfig.Target target = new TestConfig.Target();
    final TestConfig.Audit audit = new TestConfig.Audit();
    final AtomicLong clock = new AtomicLong(1_000_000);

    ConfigDirectory loader() {
        return new ConfigDirectory(etc, schemas, target, audit);
    }

    Path write(String name, String text) throws IOException {
        Path p = Files.writeString(etc.resolve(name), text);
        Files.setLastModifiedTime(p, FileTime.fromMillis(clock.addAndGet(1000)));
        return p;
    }

    Path writeBytes(String name, byte[] bytes) throws IOException {
        Path p = Files.write(etc.resolve(name), bytes);
        Files.setLastModifiedTime(p, FileTime.fromMillis(clock.addAndGet(1000)));
        return p;
    }

    Object period() {
        return target.configs.get(TestConfig.CYCLE).get("periodMs");
    }

    @Test
    void aValidFileIsAppliedWithTypedValuesAndItsPath() throws Exception {
        Path p = write("org.x.Cycle.cfg", "# the cycle\nperiodMs = 500\nsafeStateOnShutdown = true\n");
        loader().scan();
        assertThat(period()).isEqualTo(500);
        assertThat(target.configs.get(TestConfig.CYCLE).get(ConfigDirectory.FILE_PROPERTY)).isEqualTo(p.toAbsolutePath().toString());
    }

    @Test
    void anEmptyFileIsRejectedOnceAndThePreviousConfigurationStaysInForce() throws Exception {
        ConfigDirectory l = loader();
        write("org.x.Cycle.cfg", "periodMs = 500\n");
        l.scan();
        write("org.x.Cycle.cfg", "");
        for (int i = 0; i < 5; i++) {
            l.scan();
        }
        assertThat(period()).as("the cycle period must not silently fall back to its default").isEqualTo(500);
        assertThat(l.rejections().of("empty-file")).isEqualTo(1);
        assertThat(audit.messages).singleElement().asString()
                .isEqualTo("Configuration rejected: org.x.Cycle.cfg: has no settings; to remove a configuration, delete its"
                        + " file (an empty file is not read as 'all defaults') [rule empty-file]. The previous valid"
                        + " configuration stays in force.");

        // Only comments is as empty as nothing.
        write("org.x.Cycle.cfg", "# periodMs = 200\n\n");
        l.scan();
        assertThat(l.rejections().of("empty-file")).isEqualTo(2);
        assertThat(period()).isEqualTo(500);
    }

    @Test
    void aFiftyMegabyteFileIsRejectedWithoutBeingRead() throws Exception {
        ConfigDirectory l = loader();
        write("org.x.Cycle.cfg", "periodMs = 500\n");
        l.scan();
        Path p = etc.resolve("org.x.Cycle.cfg");
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(50L * 1024 * 1024);
        }
        Files.setLastModifiedTime(p, FileTime.fromMillis(clock.addAndGet(1000)));
        l.scanSafely();
        l.scanSafely();
        assertThat(l.scanFailures()).isZero();
        assertThat(l.rejections().of("max-size")).isEqualTo(1);
        assertThat(audit.rejected.get(0).getMessage()).startsWith("org.x.Cycle.cfg: is 52428800 bytes");
        assertThat(period()).isEqualTo(500);
    }

    @Test
    void aBinaryFileIsRejectedOnceByNameAndDoesNotBlockTheOtherFiles() throws Exception {
        schemas.with(new ConfigSchema(TestConfig.DEVICE, java.util.Map.of("host",
                new ConfigSchema.Attribute("host", ConfigSchema.Type.STRING, 0, v -> ""))));
        ConfigDirectory l = loader();
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        writeBytes("org.x.Cycle.cfg", junk); // sorted before the device file
        write("org.x.Device-meter.cfg", "host = 127.0.0.1\n");
        for (int i = 0; i < 10; i++) {
            l.scanSafely();
        }
        assertThat(target.configs).containsKey("org.x.Device~meter");
        assertThat(l.rejections().total()).as("one rejection per change, not per scan").isEqualTo(1);
        assertThat(audit.rejected.get(0).source()).isEqualTo("org.x.Cycle.cfg");
        assertThat(audit.rejected.get(0).rule()).isIn("utf-8", "binary");
        assertThat(audit.rejected.get(0).location()).matches("byte \\d+ \\(line \\d+\\)");
        assertThat(l.scanFailures()).isZero();
    }

    @Test
    void rejectionsNameFileLineKeyAndRule() throws Exception {
        ConfigDirectory l = loader();
        write("org.x.Cycle.cfg", "periodMs = 500\n# comment\nmaxConsecutiveFailures = 0\nperodMs = 3\n");
        l.scan();
        assertThat(audit.rejected).singleElement().satisfies(e -> {
            assertThat(e.location()).isEqualTo("line 3");
            assertThat(e.rule()).isEqualTo("range");
            assertThat(e.getMessage()).isEqualTo("org.x.Cycle.cfg line 3: key 'maxConsecutiveFailures': value '0' is invalid:"
                    + " Value is less than the minimum 1; line 4: key 'perodMs' is unknown (known keys: maxConsecutiveFailures,"
                    + " name, periodMs, prices, safeStateOnShutdown) [rule range]");
        });
        assertThat(target.configs).isEmpty();
    }

    @Test
    void aFileFixedAfterARejectionIsApplied() throws Exception {
        ConfigDirectory l = loader();
        write("org.x.Cycle.cfg", "periodMs = fast\n");
        l.scan();
        assertThat(audit.rejected.get(0).rule()).isEqualTo("type");
        write("org.x.Cycle.cfg", "periodMs = 250\n");
        l.scan();
        assertThat(period()).isEqualTo(250);
    }

    @Test
    void deletingTheFileRemovesTheConfiguration() throws Exception {
        ConfigDirectory l = loader();
        Path p = write("org.x.Cycle.cfg", "periodMs = 500\n");
        l.scan();
        Files.delete(p);
        l.scan();
        assertThat(target.configs).isEmpty();
        assertThat(target.log).containsExactly("update org.x.Cycle", "delete org.x.Cycle");
    }

    @Test
    void aFileForAComponentNotInstalledYetIsAppliedWhenItsSchemaAppears() throws Exception {
        ConfigDirectory l = loader();
        write("org.x.Later.cfg", "enabled = true\n");
        l.scan();
        assertThat(target.configs).isEmpty();
        schemas.with(new ConfigSchema("org.x.Later", java.util.Map.of("enabled",
                new ConfigSchema.Attribute("enabled", ConfigSchema.Type.BOOLEAN, 0, v -> ""))));
        l.scan();
        assertThat(target.configs.get("org.x.Later").get("enabled")).isEqualTo(true);
        assertThat(l.rejections().total()).isZero();
    }

    @Test
    void anUnchangedFileIsNotAppliedAgain() throws Exception {
        ConfigDirectory l = loader();
        write("org.x.Cycle.cfg", "periodMs = 500\n");
        l.scan();
        write("org.x.Cycle.cfg", "periodMs = 500\n# touched\n");
        l.scan();
        assertThat(target.log).containsExactly("update org.x.Cycle");
    }

    @Test
    void theScanLoopSurvivesAnError() throws Exception {
        schemas.failOnce = new StackOverflowError("thrown by a test");
        write("org.x.Cycle.cfg", "periodMs = 500\n");
        ConfigDirectory l = loader();
        l.start(20);
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!target.configs.containsKey(TestConfig.CYCLE) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertThat(l.scanFailures()).isEqualTo(1);
            assertThat(period()).as("applied by a later scan of the same thread").isEqualTo(500);
        } finally {
            l.stop();
        }
    }

    @Test
    void theLoaderOwnsItsDirectoryEvenWhenItDoesNotExist() throws Exception {
        ConfigDirectory l = new ConfigDirectory(etc.resolve("missing"), schemas, target, audit);
        l.scanSafely();
        assertThat(l.scanFailures()).isZero();
        assertThat(target.configs).isEmpty();
    }

    @Test
    void aHandWrittenFileWithoutARequiredKeyIsRejectedWithTheRuleRequired() throws Exception {
        schemas.with(EditorFixture.deviceSchema());
        ConfigDirectory l = loader();
        write(TestConfig.DEVICE + "-pump.cfg", "port = 502\n");
        l.scan();
        assertThat(target.configs).doesNotContainKey(TestConfig.DEVICE + "~pump");
        assertThat(l.rejections().of("required")).isEqualTo(1);
        assertThat(audit.messages).singleElement().asString().contains("key 'host' is required (it has no default) [rule required]");
    }
}
