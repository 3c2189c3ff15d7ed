package org.thermalcommons.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.fuzz.Mutator;

/**
 * 10,000 hostile variants of a valid .cfg file (seeded, deterministic) through the production loader: no exception
 * escapes, the scan never fails as a whole, every input is either applied (and then valid) or rejected once under a
 * named rule, and the configuration in force is always a valid one.
 */
class ConfigFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 10_000);
    static final Set<String> RULES = Set.of("max-size", "utf-8", "binary", "empty-file", "syntax", "key-syntax",
            "duplicate-key", "max-keys", "unknown-key", "type", "range", "cardinality");
    static final String BASE = "# control cycle\nperiodMs = 500\nmaxConsecutiveFailures = 3\nsafeStateOnShutdown = true\n"
            + "name = Zürich Süd\nprices = 0.1, 0.2, 0.3\n";

    @TempDir
    Path etc;

    @Test
    void tenThousandHostileCfgFilesAreEachAppliedValidOrRejectedByANamedRule() throws Exception {
        TestConfig.Target target = new TestConfig.Target();
        TestConfig.Audit audit = new TestConfig.Audit();
        ConfigDirectory loader = new ConfigDirectory(etc, new TestConfig.Schemas().with(TestConfig.cycleSchema()), target, audit);
        Path file = etc.resolve("org.x.Cycle.cfg");
        Files.writeString(file, BASE);
        loader.scan();
        assertThat(target.configs).containsKey(TestConfig.CYCLE);

        Mutator m = new Mutator(SEED);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = cpu.getCurrentThreadCpuTime();
        int applied = 0;
        for (int i = 0; i < INPUTS; i++) {
            Files.write(file, m.mutate(BASE, InputKind.CONFIG_FILE.maxBytes()));
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000L + i * 1000L));
            long rejectedBefore = loader.rejections().total();
            int updatesBefore = target.log.size();
            loader.scanSafely();
            long rejected = loader.rejections().total() - rejectedBefore;
            int updates = target.log.size() - updatesBefore;
            assertThat(rejected + updates).as("input %d handled at most once", i).isLessThanOrEqualTo(1);
            applied += updates;
            Object period = target.configs.get(TestConfig.CYCLE).get("periodMs");
            if (period != null) {
                assertThat((Integer) period).as("period in force after input %d", i).isBetween(10, 60_000);
            }
        }
        long cpuMs = (cpu.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        assertThat(loader.scanFailures()).as("scans that failed as a whole").isZero();
        assertThat(loader.rejections().byRule().keySet()).as("every rejection under a named rule").isSubsetOf(RULES);
        assertThat(audit.rejected).hasSize((int) loader.rejections().total());
        assertThat(loader.rejections().total()).isGreaterThan(INPUTS / 2);
        assertThat(applied).isPositive();
        // CPU time, not wall time: bounded on a 2-core machine however many other jobs share it.
        assertThat(cpuMs).as("CPU time for %d inputs", INPUTS).isLessThan(60_000);
    }
}
