package org.thermalcommons.edge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesTest {
    private static final Path BUILT = Path.of("target/cool-edge");

    @Test
    void everyShippedFeatureResolvesToBundlesPresentInTheDistribution() throws Exception {
        Features f = Features.load(BUILT.resolve("system/features.xml"));
        assertThat(f.names()).contains("runtime", "core", "store", "sim", "demo");
        for (String name : f.names()) {
            List<Features.BundleRef> bundles = f.resolve(List.of(name));
            assertThat(bundles).as(name).isNotEmpty();
            assertThat(Features.missing(BUILT.resolve("bundles"), bundles)).as("bundles of feature " + name).isEmpty();
        }
    }

    @Test
    void everyBundleHasAUniqueSymbolicNameAndOursAreNamedForTheirModule() throws Exception {
        Features f = Features.load(BUILT.resolve("system/features.xml"));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Features.BundleRef b : f.resolve(List.copyOf(f.names()))) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(BUILT.resolve("bundles").resolve(b.fileName()).toFile())) {
                String bsn = jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
                assertThat(seen.add(bsn)).as("symbolic name %s of %s is unique", bsn, b.coordinates()).isTrue();
                if (b.groupId().equals("org.thermalcommons.edge")) {
                    assertThat(bsn).isEqualTo("org.thermalcommons.edge." + b.artifactId());
                }
            }
        }
    }

    @Test
    void nestedFeaturesAreIncludedOnceWithTheirStartLevels() throws Exception {
        Features f = Features.load(BUILT.resolve("system/features.xml"));
        List<Features.BundleRef> demo = f.resolve(List.of("demo", "core"));
        assertThat(demo).extracting(b -> b.groupId() + ":" + b.artifactId()).doesNotHaveDuplicates();
        assertThat(demo).extracting(Features.BundleRef::artifactId)
                .contains("org.apache.aries.spifly.dynamic.bundle", "slf4j-simple", "core", "store", "sim");
        assertThat(demo).filteredOn(b -> b.artifactId().equals("org.apache.aries.spifly.dynamic.bundle"))
                .singleElement().extracting(Features.BundleRef::startLevel).isEqualTo(1);
        assertThat(demo).filteredOn(b -> b.artifactId().equals("deploy"))
                .singleElement().extracting(Features.BundleRef::startLevel).isEqualTo(4);
        assertThat(demo).extracting(Features.BundleRef::artifactId).doesNotContain("org.apache.felix.fileinstall");
    }

    @Test
    void unknownFeatureAndBadUrlsAreReportedClearly(@TempDir Path dir) throws Exception {
        Features f = Features.load(BUILT.resolve("system/features.xml"));
        assertThatThrownBy(() -> f.resolve(List.of("nope"))).hasMessageContaining("unknown feature 'nope'").hasMessageContaining("core");

        Path bad = dir.resolve("features.xml");
        Files.writeString(bad, "<features><feature name='x'><bundle>file:/tmp/x.jar</bundle></feature></features>");
        assertThatThrownBy(() -> Features.load(bad)).hasMessageContaining("mvn:group/artifact/version");
    }

    @Test
    void aRejectedFeaturesFileIsAnIoExceptionWithTheRejectionsMessage(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("features.xml"), "<features><feature name='a'/><feature name='a'/></features>");
        assertThatThrownBy(() -> Features.load(bad)).isInstanceOf(java.io.IOException.class)
                .hasMessage(bad + " feature 'a': is defined twice [rule duplicate-feature]");
    }

    @Test
    void theShippedFileStartsEveryBundleByTheLauncherFinalStartLevel() throws Exception {
        Features f = Features.load(BUILT.resolve("system/features.xml"));
        assertThat(f.resolve(List.copyOf(f.names()))).extracting(Features.BundleRef::startLevel)
                .allSatisfy(level -> assertThat(level).isBetween(1, Launcher.FINAL_START_LEVEL));
    }

    @Test
    void gatewayPropertiesRejectUnknownKeys(@TempDir Path dir) throws Exception {
        assertThat(GatewayProperties.load(dir).features()).isEqualTo(GatewayProperties.DEFAULT_FEATURES);
        Files.writeString(dir.resolve("gateway.properties"), "features = core, sim\n");
        assertThat(GatewayProperties.load(dir).features()).containsExactly("core", "sim");
        Files.writeString(dir.resolve("gateway.properties"), "featurs = core\n");
        assertThatThrownBy(() -> GatewayProperties.load(dir)).hasMessageContaining("gateway.properties")
                .hasMessageContaining("'featurs' is unknown");
    }

    @Test
    void commandLineIsValidated(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        assertThat(Launcher.parse(home, new String[] {"demo"}).configDir()).isEqualTo(home.resolve("etc"));
        assertThat(Launcher.parse(home, new String[] {"--help"})).isNull();
        assertThatThrownBy(() -> Launcher.parse(home, new String[] {"run"})).hasMessageContaining("--config DIR");
        assertThatThrownBy(() -> Launcher.parse(home, new String[] {"run", "--config", home.resolve("nope").toString()}))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Launcher.parse(home, new String[] {"fly"})).hasMessageContaining("unknown command 'fly'");
    }

    @Test
    void unwritableDataDirectoryIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> Launcher.prepareDataDir(file.resolve("data")))
                .hasMessageContaining("cannot write the data directory " + file.resolve("data"));
    }
}
