package org.thermalcommons.edge.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.ops4j.pax.exam.Option;
import org.thermalcommons.edge.launcher.Features;

/**
 * Pax Exam options that boot the gateway the way the launcher does: the bundles of the named features, from the
 * assembled distribution, at their start levels, with a configuration directory of our own.
 */
final class EdgeOptions {
    static final Path DISTRIBUTION = Path.of(System.getProperty("cool.edge.distribution", "../distribution/target/cool-edge"));
    static final String DEPLOYMENT_CFG = "org.thermalcommons.edge.deploy.Deployment.cfg";

    private EdgeOptions() {
    }

    static Option[] gateway(String name, List<String> features, Map<String, String> cfgFiles) throws IOException {
        Path work = Files.createDirectories(Path.of("target/itest-work", name)).toAbsolutePath();
        Path etc = Files.createDirectories(work.resolve("etc"));
        deleteTree(etc);
        Files.createDirectories(etc);
        Path data = Files.createDirectories(work.resolve("data"));
        deleteTree(data.resolve("deploy")); // the deployment manager's kept versions of an earlier run
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        try (var old = Files.list(deploy)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, String> f : cfgFiles.entrySet()) {
            Files.writeString(etc.resolve(f.getKey()), f.getValue());
        }
        // The demo's trust store (the build's development key) and a quick deploy/ poll, unless a test sets its own.
        Path trust = Files.createDirectories(etc.resolve("trust"));
        try (var certs = Files.list(DISTRIBUTION.resolve("etc/trust"))) {
            for (Path c : certs.toList()) {
                Files.copy(c, trust.resolve(c.getFileName()));
            }
        }
        if (!cfgFiles.containsKey(DEPLOYMENT_CFG)) {
            Files.writeString(etc.resolve(DEPLOYMENT_CFG), "pollMillis = 200\nhealthSettleMillis = 500\n");
        }
        Features all = Features.load(DISTRIBUTION.resolve("system/features.xml"));
        List<Option> options = new ArrayList<>();
        for (Features.BundleRef b : all.resolve(features)) {
            options.add(bundle(DISTRIBUTION.resolve("bundles").resolve(b.fileName()).toUri().toString())
                    .startLevel(b.startLevel()).start());
        }
        String m2 = System.getProperty("cool.edge.m2", System.getProperty("user.home") + "/.m2/repository");
        options.add(junitBundles());
        options.add(frameworkStartLevel(10));
        options.add(cleanCaches());
        options.add(workingDirectory(work.resolve("exam").toString()));
        options.add(frameworkProperty("felix.bootdelegation.implicit").value("false"));
        options.add(frameworkProperty("cool.edge.home").value(DISTRIBUTION.toAbsolutePath().toString()));
        options.add(frameworkProperty("cool.edge.etc").value(etc.toString()));
        options.add(frameworkProperty("cool.edge.data").value(data.toString()));
        options.add(frameworkProperty("cool.edge.config.pollMillis").value("200"));
        options.add(frameworkProperty("cool.edge.deploy").value(deploy.toString()));
        // Tests sign the jars they build (DevSigning) with the JDK's JarSigner API.
        options.add(systemPackage("jdk.security.jarsigner"));
        options.add(systemProperty("cool.edge.devkey").value(DevSigning.KEYSTORE.toAbsolutePath().toString()));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(m2));
        options.add(systemProperty("org.ops4j.pax.url.mvn.repositories").value("https://repo1.maven.org/maven2@id=central"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"));
        options.add(systemProperty("cool.edge.itest.deploy").value(deploy.toString()));
        return options.toArray(new Option[0]);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Waits for a condition, checking every 20 ms, failing after {@code timeoutMs}. */
    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
