package org.thermalcommons.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.config.ApplyState;
import org.thermalcommons.edge.api.config.ConfigChange;
import org.thermalcommons.edge.api.config.ConfigurationInfo;

class ConfigEditorTest {
    static final String CYCLE = TestConfig.CYCLE;
    static final String BY = "ina (installer)";
    @TempDir
    Path etc;
    EditorFixture f;
    Path cycleFile;

    @BeforeEach
    void setUp() throws Exception {
        cycleFile = Files.writeString(etc.resolve(CYCLE + ".cfg"), "# the cycle\nperiodMs = 1000\nsafeStateOnShutdown = true\n");
        f = new EditorFixture(etc);
        f.loader.scan();
    }

    static Map<String, String> values(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aValidSaveWritesTheFileKeepsThePreviousVersionAndTheLoaderAppliesIt() throws Exception {
        ConfigChange c = f.editor.save(CYCLE, values("periodMs", "500", "safeStateOnShutdown", "true"), BY);

        assertThat(c.accepted()).as(c.message()).isTrue();
        assertThat(Files.readString(cycleFile)).as("comments stay, the value is replaced in place")
                .isEqualTo("# the cycle\nperiodMs = 500\nsafeStateOnShutdown = true\n");
        assertThat(Files.readString(etc.resolve(".history/" + CYCLE + ".cfg.1"))).contains("periodMs = 1000");
        assertThat(f.target.configs.get(CYCLE).get("periodMs")).as("in Config Admin at once").isEqualTo(500);
        ConfigurationInfo info = c.configuration().orElseThrow();
        assertThat(info.state().stage()).isEqualTo(ApplyState.Stage.LOADED);
        assertThat(info.previousVersions()).isEqualTo(1);
        assertThat(f.audit).singleElement().satisfies(e -> {
            assertThat(e.category()).isEqualTo("config");
            assertThat(e.subject()).isEqualTo(CYCLE);
            assertThat(e.message()).isEqualTo(BY + ": saved " + CYCLE + ".cfg: periodMs 1000 → 500");
            assertThat(e.actor()).as("the user, for the per-user audit view").hasValue(BY.substring(0, BY.indexOf(" (")));
        });
    }

    @Test
    void anOutOfRangeValueIsRefusedWithItsRuleAndTheFileIsUnchanged() throws Exception {
        String before = Files.readString(cycleFile);

        ConfigChange c = f.editor.save(CYCLE, values("periodMs", "5", "maxConsecutiveFailures", "x", "colour", "red"), BY);

        assertThat(c.accepted()).isFalse();
        assertThat(c.problems()).extracting(p -> p.key() + ":" + p.rule())
                .containsExactlyInAnyOrder("periodMs:range", "maxConsecutiveFailures:type", "colour:unknown-key");
        assertThat(c.problems()).filteredOn(p -> p.key().equals("periodMs")).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo(CYCLE + ": key 'periodMs': value '5' is invalid: Value is less than the minimum 10 [rule range]"));
        assertThat(Files.readString(cycleFile)).isEqualTo(before);
        assertThat(etc.resolve(".history")).doesNotExist();
        assertThat(f.target.configs.get(CYCLE).get("periodMs")).isEqualTo(1000);
        assertThat(f.editor.rejections().of("range") + f.editor.rejections().of("type") + f.editor.rejections().of("unknown-key"))
                .as("one refusal counted under its first rule").isEqualTo(1);
        assertThat(f.audit).isEmpty();
        assertThat(f.editor.validate(CYCLE, values("periodMs", "60001"))).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("range"));
        assertThat(f.editor.validate(CYCLE, values("periodMs", "600"))).isEmpty();
    }

    @Test
    void rollbackRestoresThePreviousVersionInTheFileAndInConfigAdmin() throws Exception {
        f.editor.save(CYCLE, values("periodMs", "500"), BY);
        f.editor.save(CYCLE, values("periodMs", "700"), BY);

        ConfigChange r = f.editor.rollback(CYCLE, BY);

        assertThat(r.accepted()).as(r.message()).isTrue();
        assertThat(Files.readString(cycleFile)).contains("periodMs = 500");
        assertThat(f.target.configs.get(CYCLE).get("periodMs")).isEqualTo(500);
        assertThat(f.editor.rollback(CYCLE, BY).accepted()).isTrue();
        assertThat(Files.readString(cycleFile)).isEqualTo("# the cycle\nperiodMs = 1000\nsafeStateOnShutdown = true\n");
        assertThat(f.target.configs.get(CYCLE).get("periodMs")).isEqualTo(1000);
        ConfigChange none = f.editor.rollback(CYCLE, BY);
        assertThat(none.accepted()).isFalse();
        assertThat(none.problems()).singleElement().satisfies(p -> assertThat(p.rule()).isEqualTo("no-history"));
        assertThat(f.audit).extracting(e -> e.message()).contains(BY + ": rolled back " + CYCLE
                + ".cfg to its previous version: periodMs 700 → 500");
    }

    @Test
    void theHistoryKeepsABoundedNumberOfVersions() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(f.editor.save(CYCLE, values("periodMs", String.valueOf(100 + i)), BY).accepted()).isTrue();
        }
        try (var s = Files.list(etc.resolve(".history"))) {
            assertThat(s.count()).isEqualTo(3);
        }
        assertThat(f.editor.configuration(CYCLE).orElseThrow().previousVersions()).isEqualTo(3);
    }

    @Test
    void secretsAreNeverReturnedOnlyShownAsSetAndALeftOutSecretKeepsItsValue() throws Exception {
        ConfigChange c = f.editor.create(EditorFixture.DEVICE, "pump", values("host", "127.0.0.1", ".token", "s3cret-token-1"), BY);
        assertThat(c.accepted()).as(c.message()).isTrue();

        ConfigurationInfo info = f.editor.configuration(EditorFixture.DEVICE + "-pump").orElseThrow();
        assertThat(info.values()).containsExactly(Map.entry("host", "127.0.0.1"));
        assertThat(info.secrets()).containsExactly(Map.entry(".token", true));
        assertThat(info.toString()).doesNotContain("s3cret");

        assertThat(f.editor.save(EditorFixture.DEVICE + "-pump", values("host", "127.0.0.2"), BY).accepted()).isTrue();
        Path file = etc.resolve(EditorFixture.DEVICE + "-pump.cfg");
        assertThat(Files.readString(file)).contains(".token = s3cret-token-1").contains("host = 127.0.0.2");

        ConfigChange bad = f.editor.save(EditorFixture.DEVICE + "-pump", values("host", "h", ".token", "short"), BY);
        assertThat(bad.problems()).singleElement().satisfies(p -> assertThat(p.message()).doesNotContain("short")
                .contains("value '***' is invalid: at least 8 characters").contains("[rule range]"));
        assertThat(f.audit).extracting(e -> e.message()).noneMatch(m -> m.contains("s3cret"))
                .anyMatch(m -> m.contains(".token set (secret)"));
    }

    @Test
    void aFactoryConfigurationIsCreatedWithASafeNewNameAndDeletedWithARollback() throws Exception {
        assertThat(f.editor.create(EditorFixture.DEVICE, "../evil", values("host", "h"), BY).problems())
                .singleElement().satisfies(p -> assertThat(p.rule()).isEqualTo("name"));
        assertThat(f.editor.create(EditorFixture.DEVICE, "pump", values("port", "502"), BY).problems())
                .singleElement().satisfies(p -> assertThat(p.key() + ":" + p.rule()).isEqualTo("host:required"));
        assertThat(f.editor.create(CYCLE, "two", values("periodMs", "500"), BY).problems())
                .singleElement().satisfies(p -> assertThat(p.rule()).isEqualTo("unknown-pid"));
        assertThat(f.editor.create(EditorFixture.DEVICE, "pump", values("host", "h", "port", "502"), BY).accepted()).isTrue();
        assertThat(f.target.configs).containsKey(EditorFixture.DEVICE + "~pump");
        assertThat(f.editor.create(EditorFixture.DEVICE, "pump", values("host", "h"), BY).problems())
                .singleElement().satisfies(p -> assertThat(p.rule()).isEqualTo("exists"));

        String id = EditorFixture.DEVICE + "-pump";
        assertThat(f.editor.delete(CYCLE, BY).problems()).singleElement().satisfies(p -> assertThat(p.rule()).isEqualTo("singleton"));
        assertThat(f.editor.delete(id, BY).accepted()).isTrue();
        assertThat(etc.resolve(id + ".cfg")).doesNotExist();
        assertThat(f.target.configs).doesNotContainKey(EditorFixture.DEVICE + "~pump");

        assertThat(f.editor.rollback(id, BY).accepted()).isTrue();
        assertThat(Files.readString(etc.resolve(id + ".cfg"))).contains("port = 502");
        assertThat(f.target.configs.get(EditorFixture.DEVICE + "~pump").get("port")).isEqualTo(502);
        assertThat(f.editor.rollback(id, BY).accepted()).as("back to before it was created").isTrue();
        assertThat(etc.resolve(id + ".cfg")).doesNotExist();
        assertThat(f.target.configs).doesNotContainKey(EditorFixture.DEVICE + "~pump");
    }

    @Test
    void valuesAFileLineCannotCarryOrTooLargeAreRefusedNamingTheKeyAndRule() throws Exception {
        assertThat(f.editor.validate(CYCLE, values("name", "a\nperiodMs = 1"))).singleElement()
                .satisfies(p -> assertThat(p.key() + ":" + p.rule()).isEqualTo("name:value-syntax"));
        assertThat(f.editor.validate(CYCLE, values("name", "x".repeat(5000)))).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("max-size"));
        assertThat(f.editor.validate(CYCLE, values("bad key", "1"))).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("key-syntax"));
        assertThat(f.editor.validate(CYCLE, values())).singleElement().satisfies(p -> assertThat(p.rule()).isEqualTo("empty-file"));
        assertThat(f.editor.validate("../../etc/passwd", values("a", "b"))).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("name"));
        assertThat(f.editor.validate("org.x.Unknown", values("a", "b"))).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("unknown-pid"));
        assertThat(f.editor.validate("org.apache.felix.http", values("a", "b"))).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("not-editable"));
    }

    @Test
    void aFileTheLoaderRefusedIsListedAsRejectedWithTheLoadersMessage() throws Exception {
        Files.writeString(cycleFile, "periodMs = 1\n");
        f.loader.reload(cycleFile);
        ConfigurationInfo info = f.editor.configurations().stream().filter(i -> i.id().equals(CYCLE)).findFirst().orElseThrow();
        assertThat(info.state().stage()).isEqualTo(ApplyState.Stage.REJECTED);
        assertThat(info.state().detail()).contains("[rule range]").contains("previous valid configuration stays in force");
    }
}
