package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import jdk.security.jarsigner.JarSigner;

/** Builds bundle jars, keys (keytool) and signatures (the JDK's JarSigner API) for the tests. */
final class TestJars {
    static final String PASSWORD = "test-pass";

    private TestJars() {
    }

    /** A key pair with a self-signed certificate in a new PKCS12 keystore, made by keytool. */
    static Path keystore(Path dir, String alias) throws Exception {
        Path ks = dir.resolve(alias + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=" + alias + ", O=COOL Edge tests").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return ks;
    }

    static X509Certificate certificate(Path keystore) throws Exception {
        KeyStore ks = load(keystore);
        return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    }

    /** Writes the keystore's certificate as PEM into {@code dir} (a trust store). */
    static Path trust(Path keystore, Path dir) throws Exception {
        Files.createDirectories(dir);
        X509Certificate c = certificate(keystore);
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(dir.resolve(keystore.getFileName().toString().replace(".p12", ".pem")), pem);
    }

    /** An unsigned bundle jar with a manifest and the given entries (name → text). */
    static Path bundle(Path out, String bsn, String version, Map<String, String> entries) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        m.getMainAttributes().putValue("Bundle-Version", version);
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, m)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return out;
    }

    static Path bundle(Path out, String bsn, String version) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("org/example/", "");
        entries.put("org/example/Thing.txt", bsn + " " + version);
        entries.put("OSGI-INF/component.xml", "<component/>");
        return bundle(out, bsn, version, entries);
    }

    /** Signs {@code in} with the keystore's key into {@code out}. */
    static Path sign(Path in, Path out, Path keystore) throws Exception {
        KeyStore ks = load(keystore);
        String alias = ks.aliases().nextElement();
        PrivateKey key = (PrivateKey) ks.getKey(alias, PASSWORD.toCharArray());
        var chain = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(ks.getCertificateChain(alias)));
        JarSigner signer = new JarSigner.Builder(key, chain).build();
        try (ZipFile zip = new ZipFile(in.toFile()); OutputStream os = Files.newOutputStream(out)) {
            signer.sign(zip, os);
        }
        return out;
    }

    /** Copies a jar entry by entry, transforming the content of each (name → bytes → bytes), plus extra entries. */
    static Path rewrite(Path in, Path out, Function<String, Function<byte[], byte[]>> change, Map<String, String> extra)
            throws IOException {
        try (ZipFile zip = new ZipFile(in.toFile()); ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                entries.add(e.nextElement());
            }
            for (ZipEntry e : entries) {
                byte[] content;
                try (InputStream is = zip.getInputStream(e)) {
                    content = is.readAllBytes();
                }
                zos.putNextEntry(new ZipEntry(e.getName()));
                zos.write(change.apply(e.getName()).apply(content));
                zos.closeEntry();
            }
            for (Map.Entry<String, String> x : extra.entrySet()) {
                zos.putNextEntry(new ZipEntry(x.getKey()));
                zos.write(x.getValue().getBytes(StandardCharsets.UTF_8));
                zos.closeEntry();
            }
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }


    private static KeyStore load(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
