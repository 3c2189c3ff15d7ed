package org.thermalcommons.edge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.deploy.FeatureChange;
import org.thermalcommons.edge.api.deploy.FeatureChange.Outcome;
import org.thermalcommons.edge.api.deploy.FeatureInfo;
import org.thermalcommons.edge.input.features.FeaturesFile;

/** Features on and off over a features file shaped like the distribution's, with the framework as a fake. */
class FeatureSwitchTest {
    private static final String XML = """
            <features name="t" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
              <feature name="runtime" description="OSGi runtime"><bundle start-level="1">mvn:org.osgi/scr/1</bundle></feature>
              <feature name="core" description="Core"><feature>runtime</feature>
                <bundle start-level="4">mvn:e/core/1</bundle><bundle start-level="4">mvn:e/deploy/1</bundle></feature>
              <feature name="console" description="Console"><feature>core</feature>
                <bundle>mvn:j/jackson/2</bundle><bundle>mvn:e/console/1</bundle></feature>
              <feature name="bess" description="Battery dispatch"><feature>core</feature><bundle>mvn:e/bess/1</bundle></feature>
              <feature name="market" description="Market link"><feature>core</feature>
                <bundle>mvn:j/jackson/2</bundle><bundle>mvn:e/paho/1</bundle><bundle>mvn:e/market/1</bundle></feature>
              <feature name="oem" description="OEM commands"><feature>core</feature><bundle>mvn:e/oem/1</bundle></feature>
              <feature name="oem-pump" description="Heat pump adapter"><feature>oem</feature><bundle>mvn:e/pump/1</bundle></feature>
              <feature name="demo" description="Everything"><feature>core</feature><feature>bess</feature><feature>market</feature>
                <feature>oem-pump</feature></feature>
            </features>
            """;

    @TempDir
    Path dir;
    Path bundles;
    Path properties;
    final Set<String> running = new LinkedHashSet<>();
    final List<String> calls = new ArrayList<>();
    String failing = "";
    FeatureSwitch features;

    @BeforeEach
    void setUp() throws Exception {
        Path xml = Files.writeString(dir.resolve("features.xml"), XML);
        bundles = Files.createDirectories(dir.resolve("bundles"));
        for (String f : List.of("org.osgi.scr-1", "e.core-1", "e.deploy-1", "j.jackson-2", "e.console-1", "e.bess-1", "e.paho-1",
                "e.market-1", "e.oem-1", "e.pump-1")) {
            Files.writeString(bundles.resolve(f + ".jar"), "jar");
        }
        properties = Files.writeString(dir.resolve("gateway.properties"), "# which features\nfeatures = demo, console\n# end\n");
        FeaturesFile catalog = FeaturesFile.read(xml);
        for (FeaturesFile.BundleRef b : catalog.resolve(List.of("demo", "console"))) {
            running.add(b.fileName());
        }
        features = new FeatureSwitch(catalog, bundles, new EnabledList(properties), List.of("demo", "console"), new FeatureSwitch.Host() {
            @Override
            public void installAndStart(Path file, int startLevel) {
                calls.add("start " + file.getFileName() + " @" + startLevel);
                running.add(file.getFileName().toString());
                if (file.getFileName().toString().equals(failing)) {
                    throw new IllegalStateException("activator threw");
                }
            }

            @Override
            public void stopAndUninstall(Path file) {
                calls.add("uninstall " + file.getFileName());
                running.remove(file.getFileName().toString());
            }

            @Override
            public void refresh() {
                calls.add("refresh");
            }
        }, Clock.systemUTC());
    }

    private FeatureInfo info(String name) {
        return features.features().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void turningOffAMemberOfTheDemoGroupStopsOnlyItsOwnBundlesAndPersistsTheGroupSplitIntoItsOtherMembers() throws Exception {
        FeatureChange c = features.disable("market");
        assertThat(c.outcome()).as(c.detail()).isEqualTo(Outcome.DISABLED);
        assertThat(c.uninstalled()).containsExactlyInAnyOrder("e:market:1", "e:paho:1"); // jackson: the console needs it
        assertThat(running).contains("j.jackson-2.jar", "e.bess-1.jar").doesNotContain("e.market-1.jar", "e.paho-1.jar");
        assertThat(calls).last().isEqualTo("refresh");
        assertThat(Files.readString(properties)).isEqualTo("# which features\nfeatures = core, bess, oem-pump, console\n# end\n");
        assertThat(info("market").enabled()).isFalse();
        assertThat(info("demo").enabled()).isFalse();
        assertThat(info("bess").enabled()).isTrue();
        assertThat(info("bess").listed()).isTrue();
    }

    @Test
    void turningAFeatureOnInstallsAndStartsOnlyTheBundlesItAddsInStartLevelOrderAndPersistsIt() throws Exception {
        features.disable("market");
        calls.clear();
        FeatureChange c = features.enable("market");
        assertThat(c.outcome()).as(c.detail()).isEqualTo(Outcome.ENABLED);
        assertThat(calls).containsExactly("start e.paho-1.jar @3", "start e.market-1.jar @3");
        assertThat(c.enabledList()).containsExactly("core", "bess", "oem-pump", "console", "market");
        assertThat(Files.readString(properties)).contains("features = core, bess, oem-pump, console, market\n");
        assertThat(features.enable("market").outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void theFeaturesTheGatewayNeedsAndOnesAnotherEnabledFeatureNeedsAreRefusedWithTheRuleAndNothingChanges() throws Exception {
        for (String required : List.of("core", "console", "runtime")) {
            FeatureChange c = features.disable(required);
            assertThat(c.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(c.rule()).isEqualTo("required-feature");
            assertThat(c.detail()).contains("the gateway cannot run without it");
        }
        FeatureChange oem = features.disable("oem");
        assertThat(oem.rule()).isEqualTo("needed-by");
        assertThat(oem.detail()).contains("needed by the enabled feature(s) oem-pump");
        assertThat(info("oem").offRefusal()).contains("oem-pump");
        assertThat(info("bess").offRefusal()).isEmpty();
        assertThat(features.enable("nope").rule()).isEqualTo("unknown-feature");
        assertThat(calls).isEmpty();
        assertThat(Files.readString(properties)).contains("features = demo, console\n");
    }

    @Test
    void aBundleThatFailsToStartIsUninstalledAgainWithTheOthersOfTheRequestAndTheListIsRestored() throws Exception {
        features.disable("market");
        calls.clear();
        failing = "e.market-1.jar";
        FeatureChange c = features.enable("market");
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(c.rule()).isEqualTo("start-failed");
        assertThat(c.detail()).contains("e:market:1 of market failed to start: activator threw").contains("uninstalled again");
        assertThat(running).doesNotContain("e.market-1.jar", "e.paho-1.jar");
        assertThat(Files.readString(properties)).contains("features = core, bess, oem-pump, console\n");
        assertThat(info("market").enabled()).isFalse();
    }

    @Test
    void aFeatureWhoseBundleFilesAreMissingIsRefusedBeforeAnythingIsInstalled() throws Exception {
        features.disable("bess");
        Files.delete(bundles.resolve("e.bess-1.jar"));
        calls.clear();
        FeatureChange c = features.enable("bess");
        assertThat(c.rule()).isEqualTo("bundles-missing");
        assertThat(c.detail()).contains("e:bess:1");
        assertThat(calls).isEmpty();
    }
}
