package org.thermalcommons.edge.bench.swap;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Version;

/** What an installer does: write the adapter's jar (a new build: a new version qualifier) beside deploy/, then move it in. */
final class Deployer {
    private final Path original;
    private final Path deploy;
    private final Path keystore;

    Deployer(Path home, Path deploy) throws Exception {
        this.deploy = deploy;
        this.keystore = home.getParent().resolve("dev-signing/cool-edge-dev.p12");
        try (var files = Files.list(home.resolve("bundles"))) {
            original = files.filter(p -> p.getFileName().toString().startsWith(SwapSuite.ADAPTER + "-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + SwapSuite.ADAPTER + " jar in " + home
                            + "/bundles: build the distribution"));
        }
    }

    void deploy(String qualifier) throws Exception {
        Path staging = Files.createTempDirectory(deploy.getParent(), "staging").resolve("oem-heatpump-sgready.jar");
        if (qualifier == null) {
            Files.copy(original, staging);
        } else {
            try (JarFile jar = new JarFile(original.toFile())) {
                Manifest m = new Manifest(jar.getManifest());
                Version v = new Version(m.getMainAttributes().getValue("Bundle-Version"));
                m.getMainAttributes().put(new Attributes.Name("Bundle-Version"),
                        new Version(v.getMajor(), v.getMinor(), v.getMicro(), qualifier).toString());
                try (OutputStream os = Files.newOutputStream(staging); JarOutputStream jos = new JarOutputStream(os, m)) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF") || isSignatureFile(entry.getName())) {
                            continue; // the build's signature does not cover the new manifest: DevKey signs it anew
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
        DevKey.sign(keystore, staging); // a new build, signed like the reactor's: the deployment manager installs only signed jars
        Files.move(staging, deploy.resolve("oem-heatpump-sgready.jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        Files.delete(staging.getParent());
    }

    private static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        return n.startsWith("META-INF/") && n.indexOf('/', 9) < 0
                && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC"));
    }
}
