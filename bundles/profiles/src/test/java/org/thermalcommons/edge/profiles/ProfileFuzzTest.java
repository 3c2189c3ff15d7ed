package org.thermalcommons.edge.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.profile.DeviceProfile;
import org.thermalcommons.edge.api.profile.ProfilePoint;
import org.thermalcommons.edge.input.InputKind;
import org.thermalcommons.edge.input.fuzz.Mutator;

/**
 * 10,000 hostile variants of a shipped profile (seeded, deterministic) through the production loader: no exception
 * escapes (no rejection is an internal error), each input is loaded (and then valid) or rejected once under a named
 * rule, the last valid version stays in use, and the other profiles are never touched.
 */
class ProfileFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 10_000);

    @TempDir
    Path dir;

    @Test
    void tenThousandHostileProfilesAreEachLoadedValidOrRejectedByANamedRule() throws Exception {
        for (Path p : ShippedProfilesTest.shipped()) {
            Files.copy(p, dir.resolve(p.getFileName()));
        }
        ProfileLoader loader = new ProfileLoader();
        loader.start(dir, 0);
        int shipped = loader.all().size();
        Path target = dir.resolve("modbus-meter.json");
        String base = Files.readString(target);
        Mutator m = new Mutator(SEED);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = cpu.getCurrentThreadCpuTime();
        int loaded = 0;
        for (int i = 0; i < INPUTS; i++) {
            Files.write(target, m.mutate(base, InputKind.PROFILE.maxBytes()));
            Files.setLastModifiedTime(target, FileTime.fromMillis(1_000_000L + i * 1000L));
            DeviceProfile before = loader.find("modbus-meter").orElseThrow();
            long rejectedBefore = loader.rejectedProfiles();
            loader.scanSafely();
            DeviceProfile after = loader.find("modbus-meter").orElseThrow(); // the last valid version stays
            long rejected = loader.rejectedProfiles() - rejectedBefore;
            if (rejected == 0) {
                loaded++;
                valid(after);
            } else {
                assertThat(rejected).isEqualTo(1);
                assertThat(after).isSameAs(before);
            }
            assertThat(loader.all()).hasSize(shipped);
        }
        long cpuMs = (cpu.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        Set<String> rules = loader.rejections().byRule().keySet();
        assertThat(rules).as("no input ended in an internal error").doesNotContain("internal", "io");
        assertThat(rules).allSatisfy(r -> assertThat(r).matches("max-size|utf-8|binary|json-.*|duplicate-key|schema-.*"
                + "|id-file-name|profile"));
        assertThat(loader.rejectedProfiles()).isGreaterThan(INPUTS / 2);
        assertThat(loaded).isPositive();
        // CPU time, not wall time: bounded on a 2-core machine however many other jobs share it.
        assertThat(cpuMs).as("CPU time for %d inputs", INPUTS).isLessThan(60_000);
    }

    static void valid(DeviceProfile p) {
        assertThat(p.points()).isNotEmpty();
        Set<String> names = new HashSet<>();
        for (ProfilePoint pt : p.points()) {
            assertThat(names.add(pt.name())).isTrue();
            assertThat(pt.limits().min()).isLessThanOrEqualTo(pt.limits().max());
        }
    }
}
