package org.thermalcommons.edge.input.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.input.features.FeaturesFile.BundleRef;
import org.thermalcommons.edge.input.features.FeaturesFile.Feature;

class FeaturesFileTest {
    private static final String VALID = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment before the root -->
            <features name="t" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
              <repository>ignored</repository>
              <feature name="runtime" description="OSGi runtime">
                <bundle start-level="1">mvn:org.osgi/scr/1.0</bundle>
                <bundle start-level="2">mvn:org.slf4j/slf4j-api/2.0.17</bundle>
              </feature>
              <feature name="core" description="Core"><feature>runtime</feature>
                <bundle start-level="4">mvn:e/core/0.1.0-SNAPSHOT</bundle><bundle>mvn:j/jackson/2.18.2</bundle>
                <config name="ignored">x = 1</config></feature>
              <feature name="market" description="Market"><feature>core</feature><bundle>mvn:j/jackson/2.18.2</bundle>
                <bundle> mvn:e/market/1 </bundle></feature>
              <feature name="demo"><feature>market</feature><feature><![CDATA[core]]></feature></feature>
            </features>
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("features.xml"), text);
    }

    private InputRejectedException rejection(String text) throws Exception {
        Path f = write(text);
        return catchThrowableOfType(() -> FeaturesFile.read(f), InputRejectedException.class);
    }

    private static String wrap(String features) {
        return "<features>" + features + "</features>";
    }

    @Test
    void aValidFileListsItsFeaturesAndResolvesNestedOnesOnceInDeclarationOrder() throws Exception {
        FeaturesFile f = FeaturesFile.read(write(VALID));
        assertThat(f.names()).containsExactly("core", "demo", "market", "runtime");
        assertThat(f.all()).extracting(Feature::name).containsExactly("runtime", "core", "market", "demo");
        assertThat(f.get("runtime").description()).isEqualTo("OSGi runtime");
        assertThat(f.get("demo").group()).isTrue();
        assertThat(f.get("core").group()).isFalse();
        assertThat(f.closure(List.of("demo"))).containsExactly("demo", "market", "core", "runtime");
        List<BundleRef> demo = f.resolve(List.of("demo"));
        assertThat(demo).extracting(BundleRef::coordinates).containsExactly("org.osgi:scr:1.0", "org.slf4j:slf4j-api:2.0.17",
                "e:core:0.1.0-SNAPSHOT", "j:jackson:2.18.2", "e:market:1");
        assertThat(demo).extracting(BundleRef::startLevel).containsExactly(1, 2, 4, 3, 3);
        assertThat(demo.get(2).fileName()).isEqualTo("e.core-0.1.0-SNAPSHOT.jar");
        assertThat(demo.get(2).key()).isEqualTo("e:core");
    }

    @Test
    void theFeaturesAndTheirListsCannotBeChanged() throws Exception {
        FeaturesFile f = FeaturesFile.read(write(VALID));
        assertThatThrownBy(() -> f.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> f.get("core").bundles().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> f.resolve(List.of("core")).clear()).isInstanceOf(UnsupportedOperationException.class);
        List<String> nested = new ArrayList<>(List.of("core"));
        Feature copy = new Feature("x", "", nested, List.of());
        nested.add("runtime");
        assertThat(copy.features()).containsExactly("core");
    }

    @Test
    void anUnknownFeatureIsNamedWithTheKnownOnes() throws Exception {
        FeaturesFile f = FeaturesFile.read(write(VALID));
        assertThatThrownBy(() -> f.resolve(List.of("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown feature 'nope' (known: core, demo, market, runtime)");
        assertThat(f.has("nope")).isFalse();
    }

    @Test
    void missingBundleFilesAreListedByCoordinates() throws Exception {
        FeaturesFile f = FeaturesFile.read(write(VALID));
        Files.writeString(dir.resolve("org.osgi.scr-1.0.jar"), "jar");
        assertThat(FeaturesFile.missing(dir, f.resolve(List.of("runtime")))).containsExactly("org.slf4j:slf4j-api:2.0.17");
    }

    @Test
    void anOversizedFileIsRejectedBeforeItIsParsed() throws Exception {
        Path f = dir.resolve("features.xml");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(64L * 1024 * 1024); // sparse: NUL bytes, which the XML parser would refuse if it ever saw them
        }
        InputRejectedException e = catchThrowableOfType(() -> FeaturesFile.read(f), InputRejectedException.class);
        assertThat(e.rule()).isEqualTo("max-size");
        assertThat(e.getMessage()).isEqualTo(f + ": is 67108864 bytes; a features file may have at most 1048576 bytes"
                + " (not read) [rule max-size]");
    }

    @Test
    void aFileJustOverTheLimitIsRejectedAndOneAtTheLimitIsRead() throws Exception {
        String head = wrap("<feature name='a'><bundle>mvn:g/a/1</bundle></feature>");
        String atLimit = head + " ".repeat((int) FeaturesFile.MAX_BYTES - head.length());
        assertThat(FeaturesFile.read(write(atLimit)).names()).containsExactly("a");
        assertThat(rejection(atLimit + " ").rule()).isEqualTo("max-size");
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityOrExternalDtdIsEverRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cret");
        InputRejectedException e = rejection("<?xml version='1.0'?>\n<!DOCTYPE features [<!ENTITY x SYSTEM '"
                + secret.toUri() + "'>]>\n<features><feature name='a'><bundle>mvn:g/&x;/1</bundle></feature></features>");
        assertThat(e.rule()).isEqualTo("doctype");
        assertThat(e.getMessage()).isEqualTo(dir.resolve("features.xml") + " line 2, column 10: a DOCTYPE is not allowed"
                + " (no DTD, no entities) [rule doctype]").doesNotContain("s3cret");
    }

    @Test
    void invalidUtf8IsRejectedWithItsByteOffset() throws Exception {
        Path f = dir.resolve("features.xml");
        Files.write(f, ("<features name='" + "\u00e9" + "'/>").getBytes(StandardCharsets.ISO_8859_1));
        InputRejectedException e = catchThrowableOfType(() -> FeaturesFile.read(f), InputRejectedException.class);
        assertThat(e.rule()).isEqualTo("utf-8");
        assertThat(e.getMessage()).startsWith(f + " byte 16 (line 1): not valid UTF-8");
    }

    @Test
    void aBundleUrlThatIsNotMvnNamesTheFileTheFeatureAndTheRule() throws Exception {
        InputRejectedException e = rejection(wrap("<feature name='x'><bundle>file:/tmp/x.jar</bundle></feature>"));
        assertThat(e.getMessage()).isEqualTo(dir.resolve("features.xml") + " feature 'x': bundle 'file:/tmp/x.jar' must be"
                + " mvn:group/artifact/version (letters, digits, '.', '_', '+', '-'; versions filled in by the build)"
                + " [rule bundle-url]");
        assertThat(e.source()).isEqualTo(dir.resolve("features.xml").toString());
        assertThat(e.location()).isEqualTo("feature 'x'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            not XML                      | <features><feature name='a'></features>                                                        | xml-syntax        | line 1, column 38: not a valid features file: The end-tag for element type "feature" must end
            another root                 | <repository/>                                                                                  | root              | : the root element is <repository>, expected <features>
            nameless feature             | <features><feature><bundle>mvn:g/a/1</bundle></feature></features>                             | feature-name      | : <feature> number 1 has no name
            name gateway.properties refuses | <features><feature name='Core'/></features>                                                 | feature-name      | : <feature> number 1: 'Core' is not a feature name
            feature defined twice        | <features><feature name='a'/><feature name='a'/></features>                                    | duplicate-feature | feature 'a': is defined twice
            undefined nested feature     | <features><feature name='a'><feature>b</feature></feature></features>                          | unknown-feature   | feature 'a': includes feature 'b', which the file does not define
            unfilled version             | <features><feature name='a'><bundle>mvn:g/a/${v}</bundle></feature></features>                 | bundle-url        | feature 'a': bundle 'mvn:g/a/${v}' must be mvn:group/artifact/version
            path in a coordinate         | <features><feature name='a'><bundle>mvn:g/../../etc/1</bundle></feature></features>            | bundle-url        | feature 'a': bundle 'mvn:g/../../etc/1' must be mvn:group/artifact/version
            empty artifact               | <features><feature name='a'><bundle>mvn:g//1</bundle></feature></features>                     | bundle-url        | feature 'a': bundle 'mvn:g//1' must be mvn:group/artifact/version
            start level not a number     | <features><feature name='a'><bundle start-level='x'>mvn:g/a/1</bundle></feature></features>    | start-level       | feature 'a': start-level 'x' of mvn:g/a/1 is not a number
            start level 0                | <features><feature name='a'><bundle start-level='0'>mvn:g/a/1</bundle></feature></features>    | start-level       | feature 'a': start-level 0 of mvn:g/a/1 is outside 1..4 (the launcher's final level)
            start level never reached    | <features><feature name='a'><bundle start-level='5'>mvn:g/a/1</bundle></feature></features>    | start-level       | feature 'a': start-level 5 of mvn:g/a/1 is outside 1..4
            one bundle two versions      | <features><feature name='a'><bundle>mvn:g/a/1</bundle></feature><feature name='b'><bundle>mvn:g/a/2</bundle></feature></features> | bundle-conflict | feature 'b': bundle g:a is version 2 at start level 3, but feature 'a' has version 1 at start level 3
            element inside a bundle      | <features><feature name='a'><bundle>mvn:g/a/1<x/></bundle></feature></features>                | content           | feature 'a': <bundle> holds an element <x>; it must hold text only
            """)
    void eachRuleRejectsTheFileWithAMessageNamingFileFeatureAndRule(String what, String xml, String rule, String message)
            throws Exception {
        InputRejectedException e = rejection(xml);
        assertThat(e).as(what).isNotNull();
        assertThat(e.rule()).as(what).isEqualTo(rule);
        String file = dir.resolve("features.xml").toString();
        assertThat(e.getMessage()).as(what).startsWith(file + (message.startsWith(":") ? "" : " ") + message)
                .endsWith(" [rule " + rule + "]");
    }

    @Test
    void aLongDescriptionAndDeepNestingAreRefused() throws Exception {
        InputRejectedException long1 = rejection(wrap("<feature name='a' description='" + "d".repeat(1025) + "'/>"));
        assertThat(long1.rule()).isEqualTo("description");
        assertThat(long1.getMessage()).contains("feature 'a': the description has 1025 characters; at most 1024");
        InputRejectedException deep = rejection(wrap("<feature name='a'>" + "<x>".repeat(100_000) + "</x>".repeat(100_000)
                + "</feature>"));
        assertThat(deep.rule()).isEqualTo("xml-limit");
        assertThat(deep.getMessage()).contains("maxElementDepth");
    }
}
