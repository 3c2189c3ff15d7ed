package org.thermalcommons.edge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.input.InputRejectedException;

/** The signature check against jars built and signed in the test: what is installed, what is refused and by which rule. */
class JarVerifierTest {
    @TempDir
    static Path keys;
    static Path trusted;
    static Path stranger;
    static Path trustDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        trusted = TestJars.keystore(keys, "gateway-dev");
        stranger = TestJars.keystore(keys, "someone-else");
        trustDir = keys.resolve("trust");
        TestJars.trust(trusted, trustDir);
    }

    private JarVerifier verifier(long maxBytes) {
        return new JarVerifier(() -> TrustAnchors.load(trustDir), () -> maxBytes, Clock.systemUTC());
    }

    private JarVerifier.Verified verify(Path jar) throws InputRejectedException {
        return verifier(1024 * 1024).verify(jar, dir.resolve("copy/" + jar.getFileName()), jar.getFileName().toString());
    }

    private Path signed(String name) throws Exception {
        return TestJars.sign(TestJars.bundle(dir.resolve("u-" + name), "org.example." + name, "1.2.3"), dir.resolve(name), trusted);
    }

    @Test
    void aJarSignedByATrustedKeyIsVerifiedAndDescribedFromItsCopy() throws Exception {
        Path jar = signed("good.jar");
        JarVerifier.Verified v = verify(jar);
        assertThat(v.symbolicName()).isEqualTo("org.example.good.jar");
        assertThat(v.version()).isEqualTo("1.2.3");
        assertThat(v.signer()).contains("CN=gateway-dev");
        assertThat(v.sha256()).isEqualTo(JarVerifier.sha256(jar, "x")).hasSize(64);
        assertThat(v.took()).isPositive();
        assertThat(v.copy()).exists().hasSameBinaryContentAs(jar);
    }

    @Test
    void anUnsignedJarIsRefused() throws Exception {
        Path jar = TestJars.bundle(dir.resolve("plain.jar"), "org.example.plain", "1.0.0");
        assertRefused(jar, "unsigned", "plain.jar");
    }

    @Test
    void aJarWhoseEntryWasChangedAfterSigningIsRefusedAsTampered() throws Exception {
        Path jar = signed("t.jar");
        Path tampered = TestJars.rewrite(jar, dir.resolve("tampered.jar"),
                name -> name.equals("org/example/Thing.txt") ? b -> TestJars.bytes("evil") : Function.identity(), Map.of());
        assertRefused(tampered, "tampered", "org/example/Thing.txt");
    }

    @Test
    void aJarWhoseManifestHeadersWereChangedAfterSigningIsRefusedAsTampered() throws Exception {
        Path jar = signed("m.jar");
        Path changed = TestJars.rewrite(jar, dir.resolve("manifest.jar"), name -> name.equals("META-INF/MANIFEST.MF")
                ? b -> TestJars.bytes(new String(b, java.nio.charset.StandardCharsets.UTF_8).replace("1.2.3", "9.9.9"))
                : Function.identity(), Map.of());
        assertRefused(changed, "tampered", "manifest.jar");
    }

    @Test
    void aJarWithAnEntryAddedAfterSigningIsRefused() throws Exception {
        Path jar = signed("a.jar");
        Path added = TestJars.rewrite(jar, dir.resolve("added.jar"), name -> Function.identity(),
                Map.of("org/example/Extra.class", "not signed"));
        assertRefused(added, "unsigned-entry", "org/example/Extra.class");
    }

    @Test
    void aJarSignedByAKeyTheTrustStoreDoesNotHoldIsRefused() throws Exception {
        Path jar = TestJars.sign(TestJars.bundle(dir.resolve("u.jar"), "org.example.other", "1.0.0"), dir.resolve("other.jar"), stranger);
        assertRefused(jar, "untrusted-signer", "CN=someone-else");
    }

    @Test
    void aTruncatedOrGarbageJarIsRefusedAsCorrupt() throws Exception {
        Path jar = signed("c.jar");
        byte[] all = Files.readAllBytes(jar);
        Path truncated = Files.write(dir.resolve("truncated.jar"), Arrays.copyOf(all, all.length / 2));
        assertRefused(truncated, "corrupt", "truncated.jar");
        Path garbage = Files.write(dir.resolve("garbage.jar"), TestJars.bytes("PK this is not a zip at all"));
        assertRefused(garbage, "corrupt", "garbage.jar");
        Path empty = Files.write(dir.resolve("empty.jar"), new byte[0]);
        assertRefused(empty, "corrupt", "empty.jar");
    }

    @Test
    void aJarLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path jar = signed("big.jar");
        long size = Files.size(jar);
        Path copy = dir.resolve("copy/big.jar");
        assertThatThrownBy(() -> verifier(size - 1).verify(jar, copy, "big.jar"))
                .isInstanceOfSatisfying(InputRejectedException.class, e -> assertThat(e.rule()).isEqualTo("too-large"))
                .hasMessageContaining("big.jar").hasMessageContaining("limit of " + (size - 1) + " bytes");
        assertThat(copy).doesNotExist();
    }

    @Test
    void aSignedJarWithoutASymbolicNameIsNotABundle() throws Exception {
        Path plain = dir.resolve("nobsn.jar");
        try (var os = Files.newOutputStream(plain); var jar = new java.util.jar.JarOutputStream(os)) {
            jar.putNextEntry(new java.util.jar.JarEntry("a.txt"));
            jar.write(1);
            jar.closeEntry();
        }
        Path jar = TestJars.sign(plain, dir.resolve("signed-nobsn.jar"), trusted);
        assertRefused(jar, "not-a-bundle", "Bundle-SymbolicName");
    }

    @Test
    void anEmptyOrMissingTrustStoreTrustsNobody() throws Exception {
        Path jar = signed("n.jar");
        JarVerifier none = new JarVerifier(() -> TrustAnchors.load(dir.resolve("no-trust")), () -> 1 << 20, Clock.systemUTC());
        assertThatThrownBy(() -> none.verify(jar, dir.resolve("copy/n.jar"), "n.jar"))
                .isInstanceOfSatisfying(InputRejectedException.class, e -> assertThat(e.rule()).isEqualTo("untrusted-signer"))
                .hasMessageContaining("holds no certificate");
        assertThat(TrustAnchors.load(dir.resolve("no-trust")).problems()).singleElement().asString().contains("does not exist");
    }

    private void assertRefused(Path jar, String rule, String named) {
        Path copy = dir.resolve("copy/" + jar.getFileName());
        assertThatThrownBy(() -> verifier(1024 * 1024).verify(jar, copy, jar.getFileName().toString()))
                .isInstanceOfSatisfying(InputRejectedException.class, e -> assertThat(e.rule()).isEqualTo(rule))
                .hasMessageContaining(named).hasMessageContaining("[rule " + rule + "]");
        assertThat(copy).as("the refused copy is removed").doesNotExist();
    }
}
