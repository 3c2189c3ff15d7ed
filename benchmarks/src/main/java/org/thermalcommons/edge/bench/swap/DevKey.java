package org.thermalcommons.edge.bench.swap;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/**
 * Signs a jar with the build's development key (distribution/target/dev-signing, generated at build time), the key the
 * assembled gateway's etc/trust/ trusts: what an installer's signed update of an adapter is.
 */
final class DevKey {
    private static final char[] PASSWORD = "cool-edge-dev".toCharArray();

    private DevKey() {
    }

    static void sign(Path keystore, Path jar) throws Exception {
        if (!Files.isRegularFile(keystore)) {
            throw new IllegalStateException("no development signing key at " + keystore + ": build the distribution");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        String alias = ks.aliases().nextElement();
        PrivateKey key = (PrivateKey) ks.getKey(alias, PASSWORD);
        var chain = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(ks.getCertificateChain(alias)));
        Path out = jar.resolveSibling(jar.getFileName() + ".signing");
        try (ZipFile zip = new ZipFile(jar.toFile()); OutputStream os = Files.newOutputStream(out)) {
            new JarSigner.Builder(key, chain).build().sign(zip, os);
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
