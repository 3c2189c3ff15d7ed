package org.thermalcommons.edge.itests;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/**
 * Signs jars a test builds with the build's development key (distribution/target/dev-signing), the key the
 * gateway's trust store trusts: what an installer's signed update is.
 */
public final class DevSigning {
    static final Path KEYSTORE = Path.of(System.getProperty("cool.edge.devkey",
            "../distribution/target/dev-signing/cool-edge-dev.p12"));
    private static final char[] PASSWORD = System.getProperty("cool.edge.devkey.password", "cool-edge-dev").toCharArray();

    private DevSigning() {
    }

    /** Copies a bundle jar, giving it a new Bundle-Version (a new build of the same bundle); sign it before deploying. */
    public static void withVersion(Path in, Path out, org.osgi.framework.Version v) throws Exception {
        try (JarFile jar = new JarFile(in.toFile())) {
            Manifest m = new Manifest(jar.getManifest());
            m.getMainAttributes().put(new java.util.jar.Attributes.Name("Bundle-Version"), v.toString());
            try (OutputStream os = Files.newOutputStream(out); JarOutputStream jos = new JarOutputStream(os, m)) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    jos.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream is = jar.getInputStream(entry)) {
                        is.transferTo(jos);
                    }
                    jos.closeEntry();
                }
            }
        }
    }

    /** Signs {@code jar} in place; an earlier signature (and the manifest's digests) is dropped first. */
    public static Path sign(Path jar) throws Exception {
        unsign(jar);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            ks.load(in, PASSWORD);
        }
        String alias = ks.aliases().nextElement();
        PrivateKey key = (PrivateKey) ks.getKey(alias, PASSWORD);
        var chain = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(ks.getCertificateChain(alias)));
        Path out = jar.resolveSibling(jar.getFileName() + ".signing");
        try (ZipFile zip = new ZipFile(jar.toFile()); OutputStream os = Files.newOutputStream(out)) {
            new JarSigner.Builder(key, chain).build().sign(zip, os);
        }
        return Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void unsign(Path jar) throws Exception {
        Path out = jar.resolveSibling(jar.getFileName() + ".unsigned");
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            Manifest m = new Manifest();
            m.getMainAttributes().putAll(in.getManifest().getMainAttributes());
            try (JarOutputStream jos = new JarOutputStream(Files.newOutputStream(out), m)) {
                for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    String n = entry.getName().toUpperCase(Locale.ROOT);
                    if (n.equals("META-INF/MANIFEST.MF") || n.startsWith("META-INF/") && n.indexOf('/', 9) < 0
                            && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC"))) {
                        continue;
                    }
                    jos.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream is = in.getInputStream(entry)) {
                        is.transferTo(jos);
                    }
                    jos.closeEntry();
                }
            }
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
